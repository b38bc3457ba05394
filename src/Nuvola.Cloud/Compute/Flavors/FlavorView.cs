using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>Nova's flavor views: the brief one (id, name, links) and the detailed one, by microversion.</summary>
public static class FlavorView
{
    public static JsonObject Brief(FlavorRecord flavor, HttpContext context)
    {
        var view = new JsonObject
        {
            ["id"] = flavor.Id,
            ["links"] = Links(flavor.Id, context),
            ["name"] = flavor.Name,
        };
        if (context.ComputeVersionAtLeast(2, 55))
        {
            view["description"] = flavor.Description;
        }

        return view;
    }

    public static JsonObject Detail(FlavorRecord flavor, HttpContext context)
    {
        var view = new JsonObject
        {
            ["OS-FLV-DISABLED:disabled"] = flavor.Disabled,
            ["disk"] = flavor.Disk,
            ["OS-FLV-EXT-DATA:ephemeral"] = flavor.Ephemeral,
            ["os-flavor-access:is_public"] = flavor.IsPublic,
            ["id"] = flavor.Id,
            ["links"] = Links(flavor.Id, context),
            ["name"] = flavor.Name,
            ["ram"] = flavor.Ram,
            ["swap"] = flavor.Swap == 0 && !context.ComputeVersionAtLeast(2, 75) ? JsonValue.Create(string.Empty) : JsonValue.Create(flavor.Swap),
            ["vcpus"] = flavor.Vcpus,
            ["rxtx_factor"] = flavor.RxtxFactor,
        };
        if (context.ComputeVersionAtLeast(2, 55))
        {
            view["description"] = flavor.Description;
        }

        if (context.ComputeVersionAtLeast(2, 61))
        {
            view["extra_specs"] = ExtraSpecs(flavor);
        }

        return view;
    }

    public static JsonObject ExtraSpecs(FlavorRecord flavor)
    {
        var specs = new JsonObject();
        foreach (var (key, value) in flavor.ExtraSpecs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            specs[key] = value;
        }

        return specs;
    }

    public static JsonObject Access(FlavorRecord flavor)
    {
        var list = new JsonArray();
        foreach (var project in flavor.Projects)
        {
            list.Add(new JsonObject { ["flavor_id"] = flavor.Id, ["tenant_id"] = project });
        }

        return new JsonObject { ["flavor_access"] = list };
    }

    private static JsonArray Links(string id, HttpContext context)
    {
        var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().For(context);
        var escaped = Uri.EscapeDataString(id);
        return new JsonArray(
            new JsonObject { ["href"] = $"{baseUrl}/compute/v2.1/flavors/{escaped}", ["rel"] = "self" },
            new JsonObject { ["href"] = $"{baseUrl}/compute/flavors/{escaped}", ["rel"] = "bookmark" });
    }
}
