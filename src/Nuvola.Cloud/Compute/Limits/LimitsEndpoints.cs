using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Limits;

/// <summary>GET /compute/v2.1/limits: the project's absolute limits with usage totals; no rate limits.</summary>
public static class LimitsEndpoints
{
    public static RouteGroupBuilder MapLimits(this RouteGroupBuilder api)
    {
        api.MapGet("/limits", Show);
        return api;
    }

    private static IResult Show(HttpContext context, QuotaService quotas)
    {
        var caller = context.Auth();
        var projectId = caller.RequireProject();
        var requested = context.Request.Query["tenant_id"].ToString();
        if (requested.Length > 0 && requested != projectId)
        {
            NovaInput.RequireAdmin(caller, "os_compute_api:limits:other_project");
            projectId = requested;
        }

        var limits = quotas.LimitsOf(projectId);
        var used = quotas.ServersUsage(projectId);
        var before236 = !context.ComputeVersionAtLeast(2, 36);
        var absolute = new JsonObject();
        if (!context.ComputeVersionAtLeast(2, 39))
        {
            absolute["maxImageMeta"] = limits[QuotaDefaults.MetadataItems];
        }

        if (!context.ComputeVersionAtLeast(2, 57))
        {
            absolute["maxPersonality"] = limits["injected_files"];
            absolute["maxPersonalitySize"] = limits["injected_file_content_bytes"];
        }

        if (before236)
        {
            absolute["maxSecurityGroupRules"] = limits["security_group_rules"];
            absolute["maxSecurityGroups"] = limits["security_groups"];
            absolute["maxTotalFloatingIps"] = limits["floating_ips"];
        }

        absolute["maxServerMeta"] = limits[QuotaDefaults.MetadataItems];
        absolute["maxTotalCores"] = limits[QuotaDefaults.Cores];
        absolute["maxTotalInstances"] = limits[QuotaDefaults.Instances];
        absolute["maxTotalKeypairs"] = limits[QuotaDefaults.KeyPairs];
        absolute["maxTotalRAMSize"] = limits[QuotaDefaults.Ram];
        absolute["maxServerGroups"] = limits[QuotaDefaults.ServerGroups];
        absolute["maxServerGroupMembers"] = limits[QuotaDefaults.ServerGroupMembers];
        absolute["totalCoresUsed"] = used.Cores;
        absolute["totalInstancesUsed"] = used.Instances;
        absolute["totalRAMUsed"] = used.Ram;
        absolute["totalServerGroupsUsed"] = used.ServerGroups;
        if (before236)
        {
            absolute["totalSecurityGroupsUsed"] = 0;
            absolute["totalFloatingIpsUsed"] = 0;
        }

        return Results.Json(new JsonObject { ["limits"] = new JsonObject { ["absolute"] = absolute, ["rate"] = new JsonArray() } });
    }
}
