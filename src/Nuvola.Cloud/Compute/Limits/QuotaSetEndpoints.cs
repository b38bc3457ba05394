using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Limits;

/// <summary>/compute/v2.1/os-quota-sets/{project}: show, detail, defaults (own project or admin); update and revert (admin).</summary>
public static class QuotaSetEndpoints
{
    private const string Rule = "os_compute_api:os-quota-sets";

    public static RouteGroupBuilder MapQuotaSets(this RouteGroupBuilder api)
    {
        api.MapGet("/os-quota-sets/{projectId}", Show);
        api.MapGet("/os-quota-sets/{projectId}/detail", Detail);
        api.MapGet("/os-quota-sets/{projectId}/defaults", Defaults);
        api.MapPut("/os-quota-sets/{projectId}", UpdateAsync);
        api.MapDelete("/os-quota-sets/{projectId}", Revert);
        return api;
    }

    private static IResult Show(string projectId, HttpContext context, QuotaService quotas)
    {
        RequireOwnOrAdmin(context.Auth(), projectId, "show");
        return Results.Json(new JsonObject { ["quota_set"] = View(context, projectId, quotas.LimitsOf(projectId), withId: true) });
    }

    private static IResult Defaults(string projectId, HttpContext context) =>
        Results.Json(new JsonObject { ["quota_set"] = View(context, projectId, QuotaDefaults.Values, withId: true) });

    private static IResult Detail(string projectId, HttpContext context, QuotaService quotas)
    {
        var caller = context.Auth();
        RequireOwnOrAdmin(caller, projectId, "detail");
        var limits = quotas.LimitsOf(projectId);
        var userId = context.Request.Query["user_id"].ToString();
        var usage = quotas.UsageOf(projectId, userId.Length > 0 ? userId : projectId == caller.ProjectId ? caller.UserId : null);
        var view = new JsonObject { ["id"] = projectId };
        foreach (var resource in Visible(context))
        {
            view[resource] = new JsonObject { ["in_use"] = usage.GetValueOrDefault(resource), ["limit"] = limits[resource], ["reserved"] = 0 };
        }

        return Results.Json(new JsonObject { ["quota_set"] = view });
    }

    private static async Task<IResult> UpdateAsync(string projectId, HttpContext context, QuotaService quotas, CancellationToken cancellationToken)
    {
        NovaInput.RequireAdmin(context.Auth(), Rule + ":update");
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        NovaInput.NoOtherProperties(body, "quota_set");
        var input = NovaInput.Section(body, "quota_set");
        var visible = Visible(context).ToList();
        NovaInput.NoOtherProperties(input, [.. visible, "force"]);
        var force = input.ContainsKey("force") && NovaInput.Boolean(input["force"], "force");
        var changes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (resource, node) in input.Where(p => p.Key != "force"))
        {
            changes[resource] = QuotaValue(node, resource);
        }

        lock (quotas.Sync)
        {
            if (!force)
            {
                var usage = quotas.UsageOf(projectId);
                foreach (var (resource, limit) in changes)
                {
                    var inUse = usage.GetValueOrDefault(resource);
                    if (limit >= 0 && limit < inUse)
                    {
                        throw ApiException.BadRequest($"Quota limit {limit} for {resource} must be greater than or equal to already used and reserved {inUse}.");
                    }
                }
            }

            quotas.Set(projectId, changes);
        }

        return Results.Json(new JsonObject { ["quota_set"] = View(context, projectId, quotas.LimitsOf(projectId), withId: false) });
    }

    private static IResult Revert(string projectId, HttpContext context, QuotaService quotas)
    {
        NovaInput.RequireAdmin(context.Auth(), Rule + ":delete");
        quotas.Reset(projectId);
        return Results.StatusCode(202);
    }

    private static IEnumerable<string> Visible(HttpContext context) =>
        QuotaDefaults.Visible(!context.ComputeVersionAtLeast(2, 36), !context.ComputeVersionAtLeast(2, 57));

    private static JsonObject View(HttpContext context, string projectId, IReadOnlyDictionary<string, int> limits, bool withId)
    {
        var view = new JsonObject();
        if (withId)
        {
            view["id"] = projectId;
        }

        foreach (var resource in Visible(context))
        {
            view[resource] = limits[resource];
        }

        return view;
    }

    private static void RequireOwnOrAdmin(AuthContext caller, string projectId, string action)
    {
        if (!caller.IsAdmin && caller.ProjectId != projectId)
        {
            throw NovaInput.PolicyRefusal(Rule + ":" + action);
        }
    }

    private static int QuotaValue(JsonNode? node, string resource)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith('-'))
        {
            return text == "-1" ? -1 : throw NovaInput.Invalid(resource, node, $"{NovaInput.Show(node)} is less than the minimum of -1");
        }

        if (node is JsonValue n && n.TryGetValue<long>(out var number) && number < 0)
        {
            return number == -1 ? -1 : throw NovaInput.Invalid(resource, node, $"{NovaInput.Show(node)} is less than the minimum of -1");
        }

        return NovaInput.Integer(node, resource, 0);
    }
}
