using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Availability zones, absolute limits, quota sets and the extension list.</summary>
public static class VolumeServiceEndpoints
{
    private static readonly string[] QuotaKeys = ["volumes", "gigabytes", "snapshots", "backups", "backup_gigabytes", "per_volume_gigabytes", "groups"];

    public static IEndpointRouteBuilder MapVolumeServices(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapVolumeApi();
        group.MapGet("/os-availability-zone", (HttpContext context) =>
        {
            context.Auth();
            return Results.Json(new JsonObject
            {
                ["availabilityZoneInfo"] = new JsonArray(new JsonObject
                {
                    ["zoneName"] = VolumeStore.AvailabilityZone,
                    ["zoneState"] = new JsonObject { ["available"] = true },
                }),
            });
        });
        group.MapGet("/limits", Limits);
        group.MapGet("/extensions", (HttpContext context) =>
        {
            context.Auth();
            return Results.Json(new JsonObject { ["extensions"] = VolumeExtensions.List() });
        });
        group.MapGet("/os-quota-sets/{project}/defaults", (HttpContext context, string project) =>
        {
            context.Auth();
            return Results.Json(new JsonObject { ["quota_set"] = QuotaJson(VolumeQuotaRecord.Default(project), null) });
        });
        group.MapGet("/os-quota-sets/{project}", ShowQuota);
        group.MapPut("/os-quota-sets/{project}", UpdateQuota);
        group.MapDelete("/os-quota-sets/{project}", (HttpContext context, VolumeStore store, string project) =>
        {
            RequireAdmin(context.Auth());
            store.Quotas.Remove(project);
            return Results.Ok();
        });
        return routes;
    }

    private static IResult Limits(HttpContext context, VolumeStore store)
    {
        var caller = context.Auth();
        var projectId = caller.RequireProject();
        var quota = store.QuotaOf(projectId);
        var usage = VolumeQuotas.Usage(store, projectId);
        return Results.Json(new JsonObject
        {
            ["limits"] = new JsonObject
            {
                ["rate"] = new JsonArray(),
                ["absolute"] = new JsonObject
                {
                    ["maxTotalVolumes"] = quota.Volumes,
                    ["maxTotalVolumeGigabytes"] = quota.Gigabytes,
                    ["maxTotalSnapshots"] = quota.Snapshots,
                    ["maxTotalBackups"] = quota.Backups,
                    ["maxTotalBackupGigabytes"] = quota.BackupGigabytes,
                    ["totalVolumesUsed"] = usage.Volumes,
                    ["totalGigabytesUsed"] = usage.Gigabytes,
                    ["totalSnapshotsUsed"] = usage.Snapshots,
                    ["totalBackupsUsed"] = 0,
                    ["totalBackupGigabytesUsed"] = 0,
                },
            },
        });
    }

    private static IResult ShowQuota(HttpContext context, VolumeStore store, string project)
    {
        var caller = context.Auth();
        if (!caller.IsAdmin && caller.ProjectId != project)
        {
            throw ApiException.Forbidden("Policy doesn't allow volume_extension:quotas:show to be performed.");
        }

        var usage = context.Request.Query["usage"].ToString() is "true" or "True" or "1";
        return Results.Json(new JsonObject { ["quota_set"] = QuotaJson(store.QuotaOf(project), usage ? VolumeQuotas.Usage(store, project) : null) });
    }

    private static async Task<IResult> UpdateQuota(HttpContext context, VolumeStore store, string project, CancellationToken cancellationToken)
    {
        RequireAdmin(context.Auth());
        var body = await VolumeInput.ReadEntityAsync(context.Request, "quota_set", cancellationToken);
        var quota = store.QuotaOf(project);
        foreach (var (key, node) in body)
        {
            if (!QuotaKeys.Contains(key))
            {
                throw ApiException.BadRequest($"Bad key(s) in quota set: {key}");
            }

            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<int>(out var limit) || limit < -1)
            {
                throw ApiException.BadRequest($"Invalid input received: Quota limit for {key} must be an integer greater than or equal to -1.");
            }

            quota = key switch
            {
                "volumes" => quota with { Volumes = limit },
                "gigabytes" => quota with { Gigabytes = limit },
                "snapshots" => quota with { Snapshots = limit },
                "backups" => quota with { Backups = limit },
                "backup_gigabytes" => quota with { BackupGigabytes = limit },
                "per_volume_gigabytes" => quota with { PerVolumeGigabytes = limit },
                _ => quota with { Groups = limit },
            };
        }

        store.Quotas.Put(project, quota);
        var json = QuotaJson(quota, null);
        json.Remove("id");
        return Results.Json(new JsonObject { ["quota_set"] = json });
    }

    private static JsonObject QuotaJson(VolumeQuotaRecord quota, (int Volumes, int Gigabytes, int Snapshots)? usage)
    {
        JsonNode Value(int limit, int used) => usage is null ? limit : new JsonObject { ["limit"] = limit, ["in_use"] = used, ["reserved"] = 0 };
        return new JsonObject
        {
            ["id"] = quota.ProjectId,
            ["volumes"] = Value(quota.Volumes, usage?.Volumes ?? 0),
            ["gigabytes"] = Value(quota.Gigabytes, usage?.Gigabytes ?? 0),
            ["snapshots"] = Value(quota.Snapshots, usage?.Snapshots ?? 0),
            ["backups"] = Value(quota.Backups, 0),
            ["backup_gigabytes"] = Value(quota.BackupGigabytes, 0),
            ["per_volume_gigabytes"] = Value(quota.PerVolumeGigabytes, 0),
            ["groups"] = Value(quota.Groups, 0),
        };
    }

    private static void RequireAdmin(AuthContext caller)
    {
        if (!caller.IsAdmin)
        {
            throw ApiException.Forbidden("Policy doesn't allow volume_extension:quotas:update to be performed.");
        }
    }
}
