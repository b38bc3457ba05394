using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/quotas: defaults, per-project overrides (admin sets them), usage details.</summary>
public static class QuotaEndpoints
{
    public static void MapQuotas(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/quotas", List);
        v2.MapGet("/quotas/{projectId}", Show);
        v2.MapGet("/quotas/{projectId}/default", Defaults);
        v2.MapGet("/quotas/{projectId}/details", Details);
        v2.MapPut("/quotas/{projectId}", Update);
        v2.MapDelete("/quotas/{projectId}", Reset);
    }

    private static IResult List(HttpContext context, NetworkStore store)
    {
        var caller = context.Auth();
        Access.RequireAdmin(caller, "get_quota", "all");
        var items = store.Quotas.Values.Select(q => (JsonNode?)WithProject(Limits(store, q.ProjectId), q.ProjectId)).ToArray();
        return Results.Json(new JsonObject { ["quotas"] = new JsonArray(items) });
    }

    private static IResult Show(HttpContext context, NetworkStore store, string projectId)
    {
        CanRead(context.Auth(), projectId);
        return Results.Json(new JsonObject { ["quota"] = Limits(store, projectId) });
    }

    private static IResult Defaults(HttpContext context, string projectId)
    {
        CanRead(context.Auth(), projectId);
        return Results.Json(new JsonObject { ["quota"] = ToJson(QuotaRecord.Defaults) });
    }

    private static IResult Details(HttpContext context, NetworkStore store, string projectId)
    {
        CanRead(context.Auth(), projectId);
        var used = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["network"] = store.Networks.Values.Count(n => n.ProjectId == projectId),
            ["subnet"] = store.Subnets.Values.Count(s => s.ProjectId == projectId),
            ["port"] = store.Ports.Values.Count(p => p.ProjectId == projectId),
            ["router"] = store.Routers.Values.Count(r => r.ProjectId == projectId),
            ["floatingip"] = store.FloatingIps.Values.Count(f => f.ProjectId == projectId),
            ["security_group"] = store.SecurityGroups.Values.Count(g => g.ProjectId == projectId),
            ["security_group_rule"] = store.SecurityGroupRules.Values.Count(r => r.ProjectId == projectId),
            ["subnetpool"] = store.SubnetPools.Values.Count(p => p.ProjectId == projectId),
        };
        var limits = Limits(store, projectId);
        var details = new JsonObject();
        foreach (var (name, limit) in limits)
        {
            details[name] = new JsonObject { ["limit"] = limit?.DeepClone(), ["used"] = used.GetValueOrDefault(name), ["reserved"] = 0 };
        }

        return Results.Json(new JsonObject { ["quota"] = details });
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, string projectId, CancellationToken cancellationToken)
    {
        Access.RequireAdmin(context.Auth(), "update_quota", "limits");
        var body = await NeutronBody.ReadOneAsync(context.Request, "quota", cancellationToken);
        var limits = new Dictionary<string, int>(store.Quotas.Find(projectId)?.Limits ?? new Dictionary<string, int>(), StringComparer.Ordinal);
        foreach (var (name, _) in body.Attributes)
        {
            if (!QuotaRecord.Defaults.ContainsKey(name))
            {
                throw NeutronErrors.BadRequest($"Unrecognized attribute(s) '{name}'");
            }

            var value = body.Int(name) ?? -1;
            limits[name] = value < -1 ? throw NeutronBody.Invalid(name, $"'{value}' is too small - must be at least '-1'") : value;
        }

        store.Quotas.Put(projectId, new QuotaRecord(projectId, limits));
        return Results.Json(new JsonObject { ["quota"] = Limits(store, projectId) });
    }

    private static IResult Reset(HttpContext context, NetworkStore store, string projectId)
    {
        Access.RequireAdmin(context.Auth(), "delete_quota", "limits");
        store.Quotas.Remove(projectId);
        return Results.NoContent();
    }

    private static void CanRead(AuthContext caller, string projectId)
    {
        if (!caller.IsAdmin && caller.ProjectId != projectId)
        {
            throw NeutronErrors.PolicyNotAuthorized("rule:get_quota");
        }
    }

    private static JsonObject Limits(NetworkStore store, string projectId)
    {
        var overrides = store.Quotas.Find(projectId)?.Limits ?? new Dictionary<string, int>();
        return ToJson(QuotaRecord.Defaults.ToDictionary(d => d.Key, d => overrides.GetValueOrDefault(d.Key, d.Value)));
    }

    private static JsonObject WithProject(JsonObject limits, string projectId)
    {
        limits["project_id"] = projectId;
        limits["tenant_id"] = projectId;
        return limits;
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, int> limits) =>
        new(limits.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
}
