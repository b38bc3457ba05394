using System.Globalization;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>Nova's flavor listing: visibility, minRam/minDisk/is_public filters, sort_key/sort_dir, limit/marker.</summary>
public static class FlavorQuery
{
    private static readonly Dictionary<string, Func<FlavorRecord, IComparable?>> SortKeys = new(StringComparer.Ordinal)
    {
        ["flavorid"] = f => f.Id,
        ["id"] = f => f.Id,
        ["name"] = f => f.Name,
        ["memory_mb"] = f => f.Ram,
        ["vcpus"] = f => f.Vcpus,
        ["root_gb"] = f => f.Disk,
        ["ephemeral_gb"] = f => f.Ephemeral,
        ["swap"] = f => f.Swap,
        ["rxtx_factor"] = f => f.RxtxFactor,
        ["is_public"] = f => f.IsPublic,
        ["disabled"] = f => f.Disabled,
        ["description"] = f => f.Description,
        ["created_at"] = f => f.CreatedAt,
        ["updated_at"] = f => f.CreatedAt,
        ["vcpu_weight"] = f => 0,
    };

    /// <summary>The page of flavors the request asks for, and whether a next page may exist (limit reached).</summary>
    public static (IReadOnlyList<FlavorRecord> Page, bool Full) Run(IEnumerable<FlavorRecord> all, HttpRequest request, AuthContext caller)
    {
        var query = request.Query;
        bool? isPublic = true;
        var flavors = all;
        if (caller.IsAdmin)
        {
            isPublic = ParseIsPublic(query["is_public"].ToString(), query.ContainsKey("is_public"));
        }
        else
        {
            flavors = flavors.Where(f => !f.Disabled);
        }

        flavors = isPublic switch
        {
            true => flavors.Where(f => f.IsPublic || (caller.ProjectId is not null && f.Projects.Contains(caller.ProjectId))),
            false => flavors.Where(f => !f.IsPublic),
            null => flavors,
        };
        if (query.ContainsKey("minRam"))
        {
            var minRam = ParseMin(query["minRam"].ToString(), "minRam");
            flavors = flavors.Where(f => f.Ram >= minRam);
        }

        if (query.ContainsKey("minDisk"))
        {
            var minDisk = ParseMin(query["minDisk"].ToString(), "minDisk");
            flavors = flavors.Where(f => f.Disk >= minDisk);
        }

        var sortKey = query.TryGetValue("sort_key", out var key) && key.ToString().Length > 0 ? key.ToString() : "flavorid";
        var sortDir = query.TryGetValue("sort_dir", out var dir) && dir.ToString().Length > 0 ? dir.ToString() : "asc";
        if (!SortKeys.TryGetValue(sortKey, out var selector))
        {
            throw ApiException.BadRequest($"Sort key supplied is invalid: {sortKey}");
        }

        if (sortDir is not ("asc" or "desc"))
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute sort_dir. Value: {sortDir}. '{sortDir}' is not one of ['asc', 'desc']");
        }

        var comparer = Comparer<IComparable?>.Create((a, b) => a is string sa && b is string sb ? string.CompareOrdinal(sa, sb) : Comparer<IComparable?>.Default.Compare(a, b));
        var ordered = sortDir == "asc"
            ? flavors.OrderBy(selector, comparer).ThenBy(f => f.Id, StringComparer.Ordinal).ToList()
            : flavors.OrderByDescending(selector, comparer).ThenByDescending(f => f.Id, StringComparer.Ordinal).ToList();

        var (limit, marker) = NovaInput.Paging(request);
        if (marker is not null)
        {
            var index = ordered.FindIndex(f => f.Id == marker);
            if (index < 0)
            {
                throw ApiException.BadRequest($"marker [{marker}] not found");
            }

            ordered = ordered.Skip(index + 1).ToList();
        }

        var page = ordered.Take(limit).ToList();
        return (page, request.Query.ContainsKey("limit") && page.Count == limit && limit > 0);
    }

    private static bool? ParseIsPublic(string text, bool given)
    {
        if (!given || text.Length == 0)
        {
            return true;
        }

        if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return NovaInput.QueryBoolean(text) ?? throw ApiException.BadRequest($"Invalid is_public filter [{text}]");
    }

    private static int ParseMin(string text, string name) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"Invalid {name} filter [{text}]");
}
