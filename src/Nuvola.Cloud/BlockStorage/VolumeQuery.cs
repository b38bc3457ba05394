using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Cinder's list query: all_tenants (admin), filters, sort=key:dir / sort_key+sort_dir, limit and marker.</summary>
public static class VolumeQuery
{
    private static readonly string[] Reserved = ["all_tenants", "sort", "sort_key", "sort_dir", "limit", "marker", "offset", "with_count", "project_id"];

    /// <summary>Which project's objects the caller lists: its own, or everyone's for admin with all_tenants.</summary>
    public static bool AllTenants(HttpContext context, AuthContext caller)
    {
        var value = context.Request.Query["all_tenants"].ToString();
        return caller.IsAdmin && value.Length > 0 && value is not ("0" or "false" or "False");
    }

    /// <summary>The query's filters other than paging and sorting.</summary>
    public static IEnumerable<(string Key, string Value)> Filters(HttpContext context)
    {
        foreach (var (key, values) in context.Request.Query)
        {
            if (!Reserved.Contains(key, StringComparer.Ordinal))
            {
                yield return (key, values.ToString());
            }
        }
    }

    /// <summary>Metadata filter as Cinder takes it: a JSON (or Python-dict-like) object in the query value.</summary>
    public static Dictionary<string, string> MetadataFilter(string text)
    {
        try
        {
            var node = JsonNode.Parse(text.Replace('\'', '"'));
            if (node is JsonObject map)
            {
                return map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value!.ToJsonString(), StringComparer.Ordinal);
            }
        }
        catch (JsonException)
        {
        }

        throw ApiException.BadRequest($"Invalid filter: metadata must be a JSON object, got {text}.");
    }

    /// <summary>Sorts and pages; returns the page and whether to link a next page.</summary>
    public static (List<T> Page, bool More) Page<T>(HttpContext context, IEnumerable<T> items, Func<T, string> id, Func<T, string, IComparable?> key)
    {
        var query = context.Request.Query;
        var sorts = new List<(string Key, bool Desc)>();
        var sortText = query["sort"].ToString();
        if (sortText.Length > 0)
        {
            foreach (var part in sortText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pieces = part.Split(':');
                sorts.Add((pieces[0], Direction(pieces.Length > 1 ? pieces[1] : "desc")));
            }
        }
        else if (query["sort_key"].ToString() is { Length: > 0 } sortKey)
        {
            sorts.Add((sortKey, Direction(query["sort_dir"].ToString() is { Length: > 0 } dir ? dir : "desc")));
        }

        sorts.Add(("created_at", true));
        sorts.Add(("id", true));
        foreach (var (sortKey, _) in sorts)
        {
            if (items.FirstOrDefault() is { } sample && key(sample, sortKey) is null && sortKey is not ("name" or "display_name" or "description" or "updated_at"))
            {
                throw ApiException.BadRequest($"Invalid input received: Invalid sort key {sortKey}");
            }
        }

        var list = items.ToList();
        list.Sort((a, b) =>
        {
            foreach (var (sortKey, desc) in sorts)
            {
                var left = key(a, sortKey);
                var right = key(b, sortKey);
                var compare = left is null ? (right is null ? 0 : -1) : right is null ? 1 : left.CompareTo(right);
                if (compare != 0)
                {
                    return desc ? -compare : compare;
                }
            }

            return 0;
        });

        var marker = query["marker"].ToString();
        if (marker.Length > 0)
        {
            var index = list.FindIndex(item => id(item) == marker);
            if (index < 0)
            {
                throw ApiException.NotFound($"Marker {marker} could not be found.");
            }

            list = list.Skip(index + 1).ToList();
        }

        var offsetText = query["offset"].ToString();
        if (offsetText.Length > 0)
        {
            list = int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? list.Skip(offset).ToList()
                : throw ApiException.BadRequest("offset param must be an integer");
        }

        var limitText = query["limit"].ToString();
        if (limitText.Length > 0)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            {
                throw ApiException.BadRequest("limit param must be an integer");
            }

            // Cinder links to a next page whenever a page is full.
            var page = list.Take(limit).ToList();
            return (page, limit > 0 && page.Count == limit);
        }

        return (list, false);
    }

    /// <summary>volumes_links / snapshots_links: a "next" link carrying the last item as marker.</summary>
    public static JsonArray NextLink(HttpContext context, string baseUrl, string path, string lastId)
    {
        var query = context.Request.Query.Where(p => p.Key != "marker")
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value.ToString()))
            .Append("marker=" + Uri.EscapeDataString(lastId));
        return new JsonArray(new JsonObject { ["href"] = baseUrl + path + "?" + string.Join("&", query), ["rel"] = "next" });
    }

    private static bool Direction(string text) => text.ToLowerInvariant() switch
    {
        "asc" => false,
        "desc" => true,
        _ => throw ApiException.BadRequest($"Invalid input received: Unknown sort direction, must be 'desc' or 'asc': {text}"),
    };
}
