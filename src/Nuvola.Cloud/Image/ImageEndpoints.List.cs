using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

public static partial class ImageEndpoints
{
    private const int DefaultLimit = 25;
    private const int MaxLimit = 1000;

    /// <summary>GET /v2/images: visibility and member_status rules, filters, sort, limit/marker paging with next/first links.</summary>
    private static IResult List(HttpContext context, ImageStore store)
    {
        if (HasTrailingSlash(context))
        {
            throw ApiException.NotFound("The resource could not be found.");
        }

        var caller = context.Auth();
        var query = context.Request.Query;
        var limit = Limit(query);
        var memberStatus = query.TryGetValue("member_status", out var ms) ? ms.ToString() : "accepted";
        if (memberStatus is not ("pending" or "accepted" or "rejected" or "all"))
        {
            throw ApiException.BadRequest($"Invalid status: {memberStatus}");
        }

        var visibility = query.TryGetValue("visibility", out var vis) ? vis.ToString() : null;
        if (visibility is not (null or "community" or "public" or "private" or "shared" or "all"))
        {
            throw ApiException.BadRequest($"Invalid visibility value: {visibility}");
        }

        if (query.ContainsKey("changes-since"))
        {
            throw ApiException.BadRequest("The \"changes-since\" filter is no longer available on v2.");
        }

        var filter = ImageQuery.Filter(query);
        var sort = ImageQuery.Sorting(query);
        var listed = store.Images.Values
            .Where(image => ImageQuery.Listed(store, caller, image, visibility, memberStatus))
            .Where(filter);
        var ordered = ImageQuery.Order(listed, sort).ToList();
        if (query.TryGetValue("marker", out var markerValue))
        {
            var marker = markerValue.ToString();
            var index = ordered.FindIndex(i => i.Id == marker);
            if (index < 0)
            {
                var exists = store.Images.Find(marker) is { } markerImage && store.IsVisible(caller, markerImage);
                throw exists ? ApiException.BadRequest($"Marker {marker} is not in the filtered list.") : ApiException.BadRequest($"No image found with ID {marker}");
            }

            ordered = ordered[(index + 1)..];
        }

        var page = ordered.Take(limit).ToList();
        var body = new JsonObject
        {
            ["images"] = new JsonArray(page.Select(i => (JsonNode?)ImageJson.ToJson(i)).ToArray()),
            ["first"] = "/v2/images" + QueryWithout(query, "marker", null),
            ["schema"] = "/v2/schemas/images",
        };
        if (page.Count > 0 && page.Count == limit)
        {
            body["next"] = "/v2/images" + QueryWithout(query, "marker", page[^1].Id);
        }

        return Results.Json(body);
    }

    private static int Limit(IQueryCollection query)
    {
        if (!query.TryGetValue("limit", out var value))
        {
            return DefaultLimit;
        }

        if (!int.TryParse(value.ToString(), out var limit))
        {
            throw ApiException.BadRequest("limit param must be an integer");
        }

        return limit < 0 ? throw ApiException.BadRequest("limit param must be positive") : Math.Min(limit, MaxLimit);
    }

    private static string QueryWithout(IQueryCollection query, string dropped, string? marker)
    {
        var parts = new List<string>();
        foreach (var (key, values) in query)
        {
            if (key == dropped)
            {
                continue;
            }

            // Glance builds these links from dict(request.params): one value per name.
            parts.Add(Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(values.LastOrDefault() ?? string.Empty));
        }

        if (marker is not null)
        {
            parts.Add("marker=" + Uri.EscapeDataString(marker));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
