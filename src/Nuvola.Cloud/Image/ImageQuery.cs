using System.Globalization;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>Glance's list semantics: which images a caller's list holds, the filters, and the sort keys.</summary>
public static class ImageQuery
{
    public static readonly IReadOnlyList<string> SortKeys = ["name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"];

    /// <summary>Query parameters that are not filters on image attributes or properties.</summary>
    private static readonly HashSet<string> NotFilters = new(StringComparer.Ordinal)
    {
        "limit", "marker", "sort", "sort_key", "sort_dir", "member_status", "visibility", "tag", "size_min", "size_max", "os_hidden", "protected",
    };

    /// <summary>Whether the image belongs in the caller's list for this visibility filter (null: Glance's default list).</summary>
    public static bool Listed(ImageStore store, AuthContext caller, ImageRecord image, string? visibility, string memberStatus)
    {
        var owned = image.Owner is not null && image.Owner == caller.ProjectId;
        bool Member() => store.FindMember(image.Id, caller.ProjectId) is { } m && (memberStatus == "all" || m.Status == memberStatus);
        if (caller.IsAdmin)
        {
            return visibility is null or "all" || image.Visibility == visibility;
        }

        return visibility switch
        {
            null => owned || image.Visibility == ImageStatus.Public || (image.Visibility == ImageStatus.Shared && Member()),
            "all" => owned || image.Visibility is ImageStatus.Public or ImageStatus.Community || (image.Visibility == ImageStatus.Shared && Member()),
            "private" => image.Visibility == ImageStatus.Private && owned,
            "shared" => image.Visibility == ImageStatus.Shared && (owned || Member()),
            _ => image.Visibility == visibility,
        };
    }

    /// <summary>The attribute and property filters of the query, as one predicate.</summary>
    public static Func<ImageRecord, bool> Filter(IQueryCollection query)
    {
        var predicates = new List<Func<ImageRecord, bool>>();
        var hidden = Flag(query, "os_hidden") ?? false;
        predicates.Add(i => i.OsHidden == hidden);
        if (Flag(query, "protected") is { } isProtected)
        {
            predicates.Add(i => i.Protected == isProtected);
        }

        if (query.TryGetValue("size_min", out var min))
        {
            var value = Integer("size_min", min.ToString());
            predicates.Add(i => i.Size is { } size && size >= value);
        }

        if (query.TryGetValue("size_max", out var max))
        {
            var value = Integer("size_max", max.ToString());
            predicates.Add(i => i.Size is { } size && size <= value);
        }

        if (query.TryGetValue("tag", out var tags))
        {
            var wanted = tags.Select(t => (t ?? string.Empty).Trim()).ToList();
            predicates.Add(i => wanted.All(i.Tags.Contains));
        }

        foreach (var (key, values) in query)
        {
            if (NotFilters.Contains(key))
            {
                continue;
            }

            var raw = values.LastOrDefault() ?? string.Empty;
            predicates.Add(Attribute(key, raw));
        }

        return image => predicates.All(p => p(image));
    }

    /// <summary>sort=key:dir,... or sort_key/sort_dir (repeatable); default created_at desc; id breaks ties.</summary>
    public static IReadOnlyList<(string Key, bool Descending)> Sorting(IQueryCollection query)
    {
        var keys = new List<(string, bool)>();
        if (query.TryGetValue("sort", out var sort))
        {
            if (query.ContainsKey("sort_key") || query.ContainsKey("sort_dir"))
            {
                throw ApiException.BadRequest("Old and new sorting syntax cannot be combined");
            }

            foreach (var part in sort.ToString().Trim().Split(','))
            {
                var pieces = part.Split(':', 2);
                keys.Add((SortKey(pieces[0].Trim()), SortDir(pieces.Length > 1 && pieces[1].Trim().Length > 0 ? pieces[1].Trim() : "desc")));
            }
        }
        else
        {
            var sortKeys = query["sort_key"].Select(k => SortKey((k ?? string.Empty).Trim())).ToList();
            var dirs = query["sort_dir"].Select(d => SortDir((d ?? string.Empty).Trim())).ToList();
            if (dirs.Count > 1 && dirs.Count != sortKeys.Count)
            {
                throw ApiException.BadRequest("Number of sort dirs does not match the number of sort keys");
            }

            if (sortKeys.Count == 0)
            {
                sortKeys.Add("created_at");
            }

            for (var i = 0; i < sortKeys.Count; i++)
            {
                keys.Add((sortKeys[i], dirs.Count == 0 ? true : dirs[Math.Min(i, dirs.Count - 1)]));
            }
        }

        foreach (var tieBreaker in new[] { "created_at", "id" })
        {
            if (!keys.Exists(k => k.Item1 == tieBreaker))
            {
                keys.Add((tieBreaker, keys[0].Item2));
            }
        }

        return keys;
    }

    public static IEnumerable<ImageRecord> Order(IEnumerable<ImageRecord> images, IReadOnlyList<(string Key, bool Descending)> sort)
    {
        IOrderedEnumerable<ImageRecord>? ordered = null;
        foreach (var (key, descending) in sort)
        {
            Func<ImageRecord, IComparable?> selector = key switch
            {
                "name" => i => i.Name,
                "status" => i => i.Status,
                "container_format" => i => i.ContainerFormat,
                "disk_format" => i => i.DiskFormat,
                "size" => i => i.Size,
                "id" => i => i.Id,
                "updated_at" => i => i.UpdatedAt,
                _ => i => i.CreatedAt,
            };
            var comparer = Comparer<IComparable?>.Create(Compare);
            ordered = ordered is null
                ? (descending ? images.OrderByDescending(selector, comparer) : images.OrderBy(selector, comparer))
                : (descending ? ordered.ThenByDescending(selector, comparer) : ordered.ThenBy(selector, comparer));
        }

        return ordered ?? images;
    }

    private static int Compare(IComparable? a, IComparable? b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : a is string sa && b is string sb ? string.CompareOrdinal(sa, sb) : a.CompareTo(b);

    private static Func<ImageRecord, bool> Attribute(string key, string raw)
    {
        var values = raw.StartsWith("in:", StringComparison.Ordinal) ? raw[3..].Split(',').Select(v => v.Trim()).ToList() : [raw];
        switch (key)
        {
            case "size" or "min_disk" or "min_ram" or "virtual_size":
                var numbers = values.Select(v => Integer(key, v)).ToList();
                return i => (key switch { "size" => i.Size, "min_disk" => i.MinDisk, "min_ram" => i.MinRam, _ => i.VirtualSize }) is { } n && numbers.Contains(n);
            case "created_at" or "updated_at":
                var (op, moment) = Moment(key, raw);
                return i => Matches(op, key == "created_at" ? i.CreatedAt : i.UpdatedAt, moment);
            default:
                return i => Text(i, key) is { } text && values.Contains(text);
        }
    }

    private static string? Text(ImageRecord image, string key) => key switch
    {
        "id" => image.Id,
        "name" => image.Name,
        "status" => image.Status,
        "owner" => image.Owner,
        "container_format" => image.ContainerFormat,
        "disk_format" => image.DiskFormat,
        "checksum" => image.Checksum,
        "os_hash_value" => image.OsHashValue,
        "os_hash_algo" => image.OsHashAlgo,
        _ => image.Properties.TryGetValue(key, out var value) ? value : null,
    };

    private static (string Op, DateTimeOffset Moment) Moment(string key, string raw)
    {
        var parts = raw.Split(':', 2);
        var (op, text) = parts.Length == 2 && parts[0] is "gt" or "gte" or "lt" or "lte" or "eq" or "neq" ? (parts[0], parts[1]) : ("eq", raw);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? (op, moment)
            : throw ApiException.BadRequest($"Invalid value for {key}: {raw}");
    }

    private static bool Matches(string op, DateTimeOffset value, DateTimeOffset moment)
    {
        var seconds = new DateTimeOffset(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);
        return op switch
        {
            "gt" => seconds > moment,
            "gte" => seconds >= moment,
            "lt" => seconds < moment,
            "lte" => seconds <= moment,
            "neq" => seconds != moment,
            _ => seconds == moment,
        };
    }

    private static bool? Flag(IQueryCollection query, string key)
    {
        if (!query.TryGetValue(key, out var value))
        {
            return null;
        }

        var text = value.ToString().ToLowerInvariant();
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw ApiException.BadRequest($"Invalid value '{value}' for '{key}' filter. Valid values are 'true' or 'false'."),
        };
    }

    private static long Integer(string key, string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"Unable to filter on a range with a non-numeric value. ({key}={text})");

    private static string SortKey(string key) =>
        SortKeys.Contains(key) ? key : throw ApiException.BadRequest($"Invalid sort key: {key}. It must be one of the following: {string.Join(", ", SortKeys)}.");

    private static bool SortDir(string dir) =>
        dir switch
        {
            "asc" => false,
            "desc" => true,
            _ => throw ApiException.BadRequest($"Invalid sort direction: {dir}"),
        };
}
