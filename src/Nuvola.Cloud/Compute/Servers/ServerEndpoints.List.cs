using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>GET /servers and /servers/detail: Nova's filters, sorting and limit/marker paging with servers_links.</summary>
public static partial class ServerEndpoints
{
    private const int MaxLimit = 1000;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private static IResult List(HttpContext context, ServerService service) => ListOf(context, service, detail: false);

    private static IResult ListDetail(HttpContext context, ServerService service) => ListOf(context, service, detail: true);

    private static IResult ListOf(HttpContext context, ServerService service, bool detail)
    {
        var caller = context.Auth();
        var query = context.Request.Query;
        var version = context.ComputeVersion();
        var limit = ParseLimit(query["limit"]);
        var marker = query["marker"].ToString();
        IEnumerable<ServerRecord> servers = service.Store.Servers.Values;

        var allTenants = caller.IsAdmin && query.ContainsKey("all_tenants") && query["all_tenants"].ToString() is not ("0" or "false" or "False");
        var projectFilter = caller.IsAdmin ? (query["project_id"].ToString() is { Length: > 0 } p ? p : query["tenant_id"].ToString()) : string.Empty;
        if (projectFilter.Length > 0 && (allTenants || caller.IsAdmin))
        {
            servers = servers.Where(s => s.ProjectId == projectFilter);
        }
        else if (!allTenants)
        {
            servers = servers.Where(s => s.ProjectId == caller.ProjectId);
        }

        servers = Filter(servers, query, version, service);
        servers = Sort(servers, query);
        var list = servers.ToList();
        if (marker.Length > 0)
        {
            var index = list.FindIndex(s => s.Id == marker);
            if (index < 0)
            {
                throw ApiException.BadRequest($"marker [{marker}] not found");
            }

            list = list.Skip(index + 1).ToList();
        }

        var page = list.Take(limit ?? MaxLimit).ToList();
        var view = ViewFor(context, service);
        var body = new JsonObject
        {
            ["servers"] = new JsonArray([.. page.Select(s => (JsonNode)(detail ? view.Detail(s, inList: true) : view.Summary(s)))]),
        };
        if (page.Count > 0 && page.Count == (limit ?? MaxLimit) && list.Count > page.Count)
        {
            body["servers_links"] = new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = NextLink(context, detail, page[^1].Id) });
        }

        return Json(body);
    }

    private static IEnumerable<ServerRecord> Filter(IEnumerable<ServerRecord> servers, IQueryCollection query, ApiVersion version, ServerService service)
    {
        if (query["name"].ToString() is { Length: > 0 } name)
        {
            var pattern = Pattern(name);
            servers = servers.Where(s => pattern.IsMatch(s.Name));
        }

        if (query["status"].Count > 0)
        {
            var statuses = query["status"].Select(s => (s ?? string.Empty).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            if (version.IsAtLeast(2, 38) && statuses.Any(s => !ServerStatus.Known.Contains(s)))
            {
                throw ApiException.BadRequest("Invalid status value");
            }

            servers = servers.Where(s => statuses.Contains(ServerStatus.Of(s)));
        }

        if (query["image"].ToString() is { Length: > 0 } image)
        {
            var imageId = image.TrimEnd('/')[(image.TrimEnd('/').LastIndexOf('/') + 1)..];
            servers = servers.Where(s => s.ImageId == imageId);
        }

        if (query["flavor"].ToString() is { Length: > 0 } flavor)
        {
            var flavorId = flavor.TrimEnd('/')[(flavor.TrimEnd('/').LastIndexOf('/') + 1)..];
            servers = servers.Where(s => s.Flavor.Id == flavorId);
        }

        if (query["changes-since"].ToString() is { Length: > 0 } since)
        {
            var when = ParseTime(since, "changes-since");
            servers = servers.Where(s => s.UpdatedAt >= when);
        }

        if (version.IsAtLeast(2, 66) && query["changes-before"].ToString() is { Length: > 0 } before)
        {
            var when = ParseTime(before, "changes-before");
            servers = servers.Where(s => s.UpdatedAt <= when);
        }

        if (query["ip"].ToString() is { Length: > 0 } ip)
        {
            var pattern = Pattern(ip);
            servers = servers.Where(s => AddressesOf(service, s.Id, 4).Any(pattern.IsMatch));
        }

        if (query["ip6"].ToString() is { Length: > 0 } ip6)
        {
            var pattern = Pattern(ip6);
            servers = servers.Where(s => AddressesOf(service, s.Id, 6).Any(pattern.IsMatch));
        }

        if (query["reservation_id"].ToString() is { Length: > 0 } reservation)
        {
            servers = servers.Where(s => s.ReservationId == reservation);
        }

        if (query["availability_zone"].ToString() is { Length: > 0 } zone)
        {
            servers = servers.Where(s => s.AvailabilityZone == zone);
        }

        if (query["key_name"].ToString() is { Length: > 0 } keyName)
        {
            servers = servers.Where(s => s.KeyName == keyName);
        }

        if (version.IsAtLeast(2, 26))
        {
            servers = FilterTags(servers, query);
        }

        if (version.IsAtLeast(2, 73) && query["locked"].ToString() is { Length: > 0 } locked)
        {
            var value = locked.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "t" or "y" or "on" => true,
                "false" or "0" or "no" or "f" or "n" or "off" => false,
                _ => throw ApiException.BadRequest($"Invalid input for query parameters locked. Value: {locked}. '{locked}' is not one of ['true', 'false', ...]"),
            };
            servers = servers.Where(s => s.Locked == value);
        }

        return servers;
    }

    private static IEnumerable<ServerRecord> FilterTags(IEnumerable<ServerRecord> servers, IQueryCollection query)
    {
        static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (query["tags"].ToString() is { Length: > 0 } all)
        {
            var tags = Split(all);
            servers = servers.Where(s => tags.All(s.Tags.Contains));
        }

        if (query["tags-any"].ToString() is { Length: > 0 } any)
        {
            var tags = Split(any);
            servers = servers.Where(s => tags.Any(s.Tags.Contains));
        }

        if (query["not-tags"].ToString() is { Length: > 0 } notAll)
        {
            var tags = Split(notAll);
            servers = servers.Where(s => !tags.All(s.Tags.Contains));
        }

        if (query["not-tags-any"].ToString() is { Length: > 0 } notAny)
        {
            var tags = Split(notAny);
            servers = servers.Where(s => !tags.Any(s.Tags.Contains));
        }

        return servers;
    }

    private static IEnumerable<ServerRecord> Sort(IEnumerable<ServerRecord> servers, IQueryCollection query)
    {
        var key = query["sort_key"].ToString();
        var ascending = query["sort_dir"].ToString() == "asc";
        Func<ServerRecord, string> selector = key switch
        {
            "display_name" or "name" => s => s.Name,
            "updated_at" => s => s.UpdatedAt.UtcTicks.ToString("D20", CultureInfo.InvariantCulture),
            "uuid" => s => s.Id,
            "vm_state" => s => s.VmState,
            _ => s => s.CreatedAt.UtcTicks.ToString("D20", CultureInfo.InvariantCulture),
        };
        return ascending
            ? servers.OrderBy(selector, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            : servers.OrderByDescending(selector, StringComparer.Ordinal).ThenByDescending(s => s.Id, StringComparer.Ordinal);
    }

    private static IEnumerable<string> AddressesOf(ServerService service, string serverId, int ipVersion) =>
        service.Networking?.PortsOf(serverId).SelectMany(p => p.Addresses).Where(a => a.Version == ipVersion).Select(a => a.IpAddress) ?? [];

    /// <summary>Nova matches name and ip filters as regular expressions; an invalid one is matched literally.</summary>
    private static Regex Pattern(string text)
    {
        try
        {
            return new Regex(text, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return new Regex(Regex.Escape(text), RegexOptions.CultureInvariant, RegexTimeout);
        }
    }

    private static int? ParseLimit(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var text = values.ToString();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? Math.Min(limit, MaxLimit)
            : throw ApiException.BadRequest($"Invalid input for query parameters limit. Value: {text}. '{text}' does not match '^[0-9]*$'");
    }

    private static DateTimeOffset ParseTime(string text, string field) =>
        IsoDateTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when)
            ? when
            : throw ApiException.BadRequest($"Invalid input for query parameters {field}. Value: {text}. '{text}' is not a 'date-time'");

    private static string NextLink(HttpContext context, bool detail, string lastId)
    {
        var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().For(context) + ComputeRoutes.Prefix + (detail ? "/servers/detail" : "/servers");
        var parameters = context.Request.Query
            .Where(p => p.Key != "marker")
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? string.Empty)))
            .Append("marker=" + Uri.EscapeDataString(lastId));
        return baseUrl + "?" + string.Join("&", parameters);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")]
    private static partial Regex IsoDateTime();
}
