using System.Globalization;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.AvailabilityZones;

/// <summary>/compute/v2.1/os-availability-zone: one zone, "nova", always available; detail (admin) adds the hosts and services.</summary>
public static class AvailabilityZoneEndpoints
{
    /// <summary>The only availability zone of the embedded cloud.</summary>
    public const string DefaultZone = "nova";

    /// <summary>The host name Nova-style services report in detail.</summary>
    public const string HostName = "nuvola";

    public static RouteGroupBuilder MapAvailabilityZones(this RouteGroupBuilder api)
    {
        api.MapGet("/os-availability-zone", List);
        api.MapGet("/os-availability-zone/detail", Detail);
        return api;
    }

    private static IResult List() =>
        Results.Json(new JsonObject { ["availabilityZoneInfo"] = new JsonArray(Zone(DefaultZone, null)) });

    private static IResult Detail(HttpContext context, TimeProvider time)
    {
        NovaInput.RequireAdmin(context.Auth(), "os_compute_api:os-availability-zone:detail");
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        JsonObject Services(params string[] names)
        {
            var services = new JsonObject();
            foreach (var name in names)
            {
                services[name] = new JsonObject { ["available"] = true, ["active"] = true, ["updated_at"] = now };
            }

            return new JsonObject { [HostName] = services };
        }

        return Results.Json(new JsonObject
        {
            ["availabilityZoneInfo"] = new JsonArray(
                Zone("internal", Services("nova-conductor", "nova-scheduler")),
                Zone(DefaultZone, Services("nova-compute"))),
        });
    }

    private static JsonObject Zone(string name, JsonObject? hosts) => new()
    {
        ["zoneName"] = name,
        ["zoneState"] = new JsonObject { ["available"] = true },
        ["hosts"] = hosts,
    };
}
