using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network.Api;

/// <summary>
/// Neutron's list options over a resource's JSON objects: filters on any attribute (repeated keys: any of the
/// values), tags/tags-any/not-tags/not-tags-any, sort_key/sort_dir, limit/marker/page_reverse with
/// "{plural}_links", and fields=.
/// </summary>
public static class ListQuery
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir", "tags", "tags-any", "not-tags", "not-tags-any", "all_tenants",
    };

    public static JsonObject Respond(HttpContext context, string plural, IEnumerable<JsonObject> items, Func<string, Exception> markerNotFound)
    {
        var query = context.Request.Query;
        var selected = items.Where(item => Matches(item, query)).ToList();
        var sorted = Sort(selected, query);
        var pageReverse = query.TryGetValue("page_reverse", out var reverse) && NeutronBody.ParseBool(reverse.ToString()) == true;
        var limit = Limit(query);
        var marker = query.TryGetValue("marker", out var markerValue) ? markerValue.ToString() : null;
        var ordered = pageReverse ? Enumerable.Reverse(sorted).ToList() : sorted;
        if (marker is not null)
        {
            var index = ordered.FindIndex(i => i["id"]?.ToString() == marker);
            if (index < 0)
            {
                throw markerNotFound(marker);
            }

            ordered = ordered.Skip(index + 1).ToList();
        }

        var page = limit is { } n ? ordered.Take(n).ToList() : ordered;
        if (pageReverse)
        {
            page.Reverse();
        }

        var fields = Fields(query);
        var response = new JsonObject { [plural] = new JsonArray(page.Select(i => (JsonNode?)Select(i, fields)).ToArray()) };
        if (limit is { } size && page.Count > 0)
        {
            var links = new JsonArray();
            if (page.Count >= size || pageReverse)
            {
                links.Add(Link(context, "next", page[^1]["id"]!.ToString(), reverse: false));
            }

            if (marker is not null && (page.Count >= size || !pageReverse))
            {
                links.Add(Link(context, "previous", page[0]["id"]!.ToString(), reverse: true));
            }

            if (links.Count > 0)
            {
                response[plural + "_links"] = links;
            }
        }

        return response;
    }

    /// <summary>
    /// The plain list (no query parameters at all) from pre-rendered items, sorted by id as <see cref="Respond"/> sorts
    /// them: {"plural": [item, ...]} written from bytes, without building a JSON tree.
    /// </summary>
    public static IResult RespondRendered<T>(string plural, IEnumerable<T> items, Func<T, string> id, Func<T, byte[]> render)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        buffer.Write(System.Text.Encoding.UTF8.GetBytes($"{{\"{plural}\": ["));
        var first = true;
        foreach (var item in items.OrderBy(id, StringComparer.Ordinal))
        {
            if (!first)
            {
                buffer.Write(", "u8);
            }

            buffer.Write(render(item));
            first = false;
        }

        buffer.Write("]}"u8);
        return Results.Bytes(buffer.WrittenMemory, "application/json; charset=utf-8");
    }

    /// <summary>The fields= asked (empty: all).</summary>
    public static IReadOnlyList<string> Fields(IQueryCollection query) =>
        query.TryGetValue("fields", out var fields) ? fields.SelectMany(f => (f ?? string.Empty).Split(',')).Where(f => f.Length > 0).ToList() : [];

    public static JsonObject Select(JsonObject item, IReadOnlyList<string> fields)
    {
        if (fields.Count == 0)
        {
            return item;
        }

        var result = new JsonObject();
        foreach (var field in fields.Distinct(StringComparer.Ordinal))
        {
            if (item.TryGetPropertyValue(field, out var value))
            {
                result[field] = value?.DeepClone();
            }
        }

        return result;
    }

    private static int? Limit(IQueryCollection query)
    {
        if (!query.TryGetValue("limit", out var value))
        {
            return null;
        }

        if (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
        {
            throw NeutronErrors.BadRequest($"Limit must be an integer 0 or greater and not '{value}'");
        }

        return limit == 0 ? null : limit;
    }

    private static bool Matches(JsonObject item, IQueryCollection query)
    {
        foreach (var (key, values) in query)
        {
            if (Reserved.Contains(key) || !item.TryGetPropertyValue(key, out var attribute))
            {
                continue;
            }

            if (!values.Any(v => MatchesValue(attribute, v ?? string.Empty)))
            {
                return false;
            }
        }

        if (!query.ContainsKey("tags") && !query.ContainsKey("tags-any") && !query.ContainsKey("not-tags") && !query.ContainsKey("not-tags-any"))
        {
            return true;
        }

        var tags = item["tags"] is JsonArray array ? array.Select(t => t?.ToString()).ToHashSet(StringComparer.Ordinal) : [];
        return TagList(query, "tags").All(tags.Contains)
            && (!query.ContainsKey("tags-any") || TagList(query, "tags-any").Any(tags.Contains))
            && (!query.ContainsKey("not-tags") || !TagList(query, "not-tags").All(tags.Contains))
            && !TagList(query, "not-tags-any").Any(tags.Contains);
    }

    private static List<string> TagList(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) ? values.SelectMany(v => (v ?? string.Empty).Split(',')).Where(t => t.Length > 0).ToList() : [];

    private static bool MatchesValue(JsonNode? attribute, string wanted)
    {
        switch (attribute)
        {
            case null:
                return wanted.Length == 0 || wanted == "None";
            case JsonArray array when array.All(e => e is JsonObject):
                var equals = wanted.IndexOf('=', StringComparison.Ordinal);
                return equals > 0 && array.Any(e => MatchesValue(e![wanted[..equals]], wanted[(equals + 1)..]));
            case JsonArray array:
                return array.Any(e => MatchesValue(e, wanted));
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return NeutronBody.ParseBool(wanted) == (value.GetValueKind() == JsonValueKind.True);
            default:
                return attribute.GetValueKind() == JsonValueKind.String ? attribute.GetValue<string>() == wanted : attribute.ToJsonString() == wanted;
        }
    }

    private static List<JsonObject> Sort(List<JsonObject> items, IQueryCollection query)
    {
        var keys = query.TryGetValue("sort_key", out var k) ? k.Select(x => x ?? string.Empty).ToList() : [];
        var dirs = query.TryGetValue("sort_dir", out var d) ? d.Select(x => x ?? string.Empty).ToList() : [];
        if (dirs.Count > 0 && dirs.Count != keys.Count)
        {
            throw NeutronErrors.BadRequest("The number of sort_keys and sort_dirs must be same");
        }

        foreach (var dir in dirs.Where(dir => dir is not ("asc" or "desc")))
        {
            throw NeutronErrors.BadRequest($"{dir} is invalid value for sort_dir, valid value is 'asc' and 'desc'");
        }

        var sample = items.FirstOrDefault();
        foreach (var key in keys.Where(key => sample is not null && !sample.ContainsKey(key)))
        {
            throw NeutronErrors.BadRequest($"{key} is invalid attribute for sort_key");
        }

        var order = keys.Select((key, i) => (Key: key, Descending: i < dirs.Count && dirs[i] == "desc")).ToList();
        if (!keys.Contains("id"))
        {
            order.Add(("id", false));
        }

        items.Sort((a, b) =>
        {
            foreach (var (key, descending) in order)
            {
                var c = Compare(a[key], b[key]);
                if (c != 0)
                {
                    return descending ? -c : c;
                }
            }

            return 0;
        });
        return items;
    }

    private static int Compare(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }

        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            return a.GetValue<double>().CompareTo(b.GetValue<double>());
        }

        return string.CompareOrdinal(a.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : a.ToJsonString(),
            b.GetValueKind() == JsonValueKind.String ? b.GetValue<string>() : b.ToJsonString());
    }

    private static JsonObject Link(HttpContext context, string rel, string marker, bool reverse)
    {
        var parameters = context.Request.Query
            .Where(p => p.Key is not ("marker" or "page_reverse"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, (string?)v)))
            .Append(KeyValuePair.Create("marker", (string?)marker))
            .ToList();
        if (reverse)
        {
            parameters.Add(KeyValuePair.Create("page_reverse", (string?)"True"));
        }

        var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().For(context);
        var href = QueryHelpers.AddQueryString(baseUrl + context.Request.PathBase + context.Request.Path, parameters);
        return new JsonObject { ["rel"] = rel, ["href"] = href };
    }
}
