using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/roles (admins only), with the implied-role rules under /v3/roles/{prior}/implies/{implied}.</summary>
public static class RoleEndpoints
{
    public static void MapRoles(this IEndpointRouteBuilder routes)
    {
        var roles = routes.MapGroup("/identity/v3/roles");
        roles.MapGet("/", List);
        roles.MapPost("/", CreateAsync);
        roles.MapGet("/{roleId}", Show);
        roles.MapPatch("/{roleId}", UpdateAsync);
        roles.MapDelete("/{roleId}", Delete);
        roles.MapGet("/{roleId}/implies", ListImplied);
        roles.MapMethods("/{priorId}/implies/{impliedId}", ["GET", "HEAD"], ShowImplied);
        roles.MapPut("/{priorId}/implies/{impliedId}", AddImplied);
        roles.MapDelete("/{priorId}/implies/{impliedId}", RemoveImplied);
    }

    private static IResult List(HttpContext context, IdentityStore identity)
    {
        IdentityPolicy.Admin(context, "list_roles");
        var name = IdentityRequest.Query(context, "name");
        var domainId = IdentityRequest.Query(context, "domain_id");
        var items = identity.Roles.Values
            .Where(r => (name is null || r.Name == name) && r.DomainId == domainId)
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => ToJson(r, context));
        return Results.Json(IdentityJson.Collection(context, "roles", items));
    }

    private static IResult Show(HttpContext context, IdentityStore identity, string roleId)
    {
        IdentityPolicy.Admin(context, "get_role");
        return Results.Json(new JsonObject { ["role"] = ToJson(Find(identity, roleId), context) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IdentityStore identity, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "create_role");
        var body = await IdentityRequest.ReadAsync(context.Request, "role", cancellationToken);
        var role = new RoleRecord(IdentityModule.NewId(), IdentityRequest.RequiredString(body, "name"), IdentityRequest.String(body, "domain_id", 64), IdentityRequest.String(body, "description", 255));
        if (role.DomainId is not null && identity.Domains.Find(role.DomainId) is null)
        {
            throw ApiException.NotFound($"Could not find domain: {role.DomainId}.");
        }

        lock (identity.Roles.Sync)
        {
            EnsureUniqueName(identity, role);
            identity.Roles.Put(role.Id, role);
        }

        return Results.Json(new JsonObject { ["role"] = ToJson(role, context) }, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, IdentityStore identity, string roleId, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "update_role");
        var body = await IdentityRequest.ReadAsync(context.Request, "role", cancellationToken);
        RoleRecord updated;
        lock (identity.Roles.Sync)
        {
            var role = Find(identity, roleId);
            updated = role with
            {
                Name = body.ContainsKey("name") ? IdentityRequest.RequiredString(body, "name") : role.Name,
                Description = body.ContainsKey("description") ? IdentityRequest.String(body, "description") : role.Description,
            };
            EnsureUniqueName(identity, updated);
            identity.Roles.Put(roleId, updated);
        }

        identity.Changed();
        return Results.Json(new JsonObject { ["role"] = ToJson(updated, context) });
    }

    private static IResult Delete(HttpContext context, IdentityStore identity, string roleId)
    {
        IdentityPolicy.Admin(context, "delete_role");
        Find(identity, roleId);
        foreach (var assignment in identity.Assignments.Values.Where(a => a.RoleId == roleId).ToList())
        {
            identity.Assignments.Remove(assignment.Id);
        }

        lock (identity.Roles.Sync)
        {
            foreach (var prior in identity.Roles.Values.Where(r => r.Implies?.Contains(roleId) == true).ToList())
            {
                identity.Roles.Put(prior.Id, prior with { Implies = prior.Implies!.Where(i => i != roleId).ToList() });
            }

            identity.Roles.Remove(roleId);
        }

        identity.Changed();
        return Results.NoContent();
    }

    private static IResult ListImplied(HttpContext context, IdentityStore identity, string roleId)
    {
        IdentityPolicy.Admin(context, "list_implied_roles");
        var prior = Find(identity, roleId);
        var implied = (prior.Implies ?? []).Select(identity.Roles.Find).OfType<RoleRecord>().Select(r => (JsonNode?)Ref(r, context)).ToArray();
        return Results.Json(new JsonObject
        {
            ["role_inference"] = new JsonObject { ["prior_role"] = Ref(prior, context), ["implies"] = new JsonArray(implied) },
            ["links"] = AuthEndpoints.Links(context),
        });
    }

    private static IResult ShowImplied(HttpContext context, IdentityStore identity, string priorId, string impliedId)
    {
        IdentityPolicy.Admin(context, "get_implied_role");
        var (prior, implied) = (Find(identity, priorId), Find(identity, impliedId));
        if (prior.Implies?.Contains(impliedId) != true)
        {
            throw ApiException.NotFound($"{priorId} does not imply {impliedId}.");
        }

        return Results.Json(Inference(prior, implied, context));
    }

    private static IResult AddImplied(HttpContext context, IdentityStore identity, string priorId, string impliedId)
    {
        IdentityPolicy.Admin(context, "create_implied_role");
        RoleRecord prior, implied;
        lock (identity.Roles.Sync)
        {
            (prior, implied) = (Find(identity, priorId), Find(identity, impliedId));
            if (identity.WithImplied([impliedId]).Any(r => r.Id == priorId))
            {
                throw ApiException.Forbidden($"Implied role {impliedId} would create a cycle with {priorId}.");
            }

            prior = prior with { Implies = [.. (prior.Implies ?? []).Where(i => i != impliedId), impliedId] };
            identity.Roles.Put(priorId, prior);
        }

        identity.Changed();
        return Results.Json(Inference(prior, implied, context), statusCode: 201);
    }

    private static IResult RemoveImplied(HttpContext context, IdentityStore identity, string priorId, string impliedId)
    {
        IdentityPolicy.Admin(context, "delete_implied_role");
        lock (identity.Roles.Sync)
        {
            var prior = Find(identity, priorId);
            if (prior.Implies?.Contains(impliedId) != true)
            {
                throw ApiException.NotFound($"{priorId} does not imply {impliedId}.");
            }

            identity.Roles.Put(priorId, prior with { Implies = prior.Implies.Where(i => i != impliedId).ToList() });
        }

        identity.Changed();
        return Results.NoContent();
    }

    internal static RoleRecord Find(IdentityStore identity, string roleId) =>
        identity.Roles.Find(roleId) ?? throw ApiException.NotFound($"Could not find role: {roleId}.");

    private static void EnsureUniqueName(IdentityStore identity, RoleRecord role)
    {
        if (identity.Roles.Values.Any(r => r.Id != role.Id && r.DomainId == role.DomainId && string.Equals(r.Name, role.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw IdentityRequest.Duplicate("role", $"name {role.Name}");
        }
    }

    private static JsonObject Inference(RoleRecord prior, RoleRecord implied, HttpContext context) => new()
    {
        ["role_inference"] = new JsonObject { ["prior_role"] = Ref(prior, context), ["implies"] = Ref(implied, context) },
        ["links"] = IdentityJson.Links(context, $"roles/{prior.Id}/implies/{implied.Id}"),
    };

    private static JsonObject Ref(RoleRecord role, HttpContext context) =>
        new() { ["id"] = role.Id, ["name"] = role.Name, ["links"] = IdentityJson.Links(context, "roles/" + role.Id) };

    public static JsonObject ToJson(RoleRecord role, HttpContext context)
    {
        var json = new JsonObject
        {
            ["id"] = role.Id,
            ["name"] = role.Name,
            ["domain_id"] = role.DomainId,
            ["description"] = role.Description,
            ["options"] = new JsonObject(),
            ["links"] = IdentityJson.Links(context, "roles/" + role.Id),
        };
        return json;
    }
}
