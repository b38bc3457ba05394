using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/domains: admins manage domains; a caller may read the domain its token is scoped in.</summary>
public static class DomainEndpoints
{
    public static void MapDomains(this IEndpointRouteBuilder routes)
    {
        var domains = routes.MapGroup("/identity/v3/domains");
        domains.MapGet("/", List);
        domains.MapPost("/", CreateAsync);
        domains.MapGet("/{domainId}", Show);
        domains.MapPatch("/{domainId}", UpdateAsync);
        domains.MapDelete("/{domainId}", Delete);
    }

    private static IResult List(HttpContext context, IdentityStore identity)
    {
        IdentityPolicy.Admin(context, "list_domains");
        var name = IdentityRequest.Query(context, "name");
        var enabled = IdentityRequest.QueryBool(context, "enabled");
        var items = identity.Domains.Values
            .Where(d => (name is null || d.Name == name) && (enabled is null || d.Enabled == enabled))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => ToJson(d, context));
        return Results.Json(IdentityJson.Collection(context, "domains", items));
    }

    private static IResult Show(HttpContext context, IdentityStore identity, string domainId)
    {
        var auth = context.Auth();
        if (!auth.IsAdmin && auth.DomainId != domainId && auth.ProjectDomainId != domainId)
        {
            throw IdentityPolicy.Denied("get_domain");
        }

        return Results.Json(new JsonObject { ["domain"] = ToJson(Find(identity, domainId), context) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IdentityStore identity, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "create_domain");
        var body = await IdentityRequest.ReadAsync(context.Request, "domain", cancellationToken);
        var name = IdentityRequest.RequiredString(body, "name", 64);
        var id = IdentityRequest.String(body, "explicit_domain_id", 64) ?? IdentityModule.NewId();
        var domain = new DomainRecord(id, name, IdentityRequest.String(body, "description", 65535) ?? string.Empty, IdentityRequest.Bool(body, "enabled") ?? true, IdentityRequest.Tags(body) ?? []);
        lock (identity.Domains.Sync)
        {
            if (identity.Domains.Values.Any(d => d.Id == id || string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw IdentityRequest.Duplicate("domain", $"name {name}");
            }

            identity.Domains.Put(id, domain);
        }

        return Results.Json(new JsonObject { ["domain"] = ToJson(domain, context) }, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, IdentityStore identity, string domainId, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "update_domain");
        var body = await IdentityRequest.ReadAsync(context.Request, "domain", cancellationToken);
        DomainRecord updated;
        lock (identity.Domains.Sync)
        {
            var domain = Find(identity, domainId);
            var name = body.ContainsKey("name") ? IdentityRequest.RequiredString(body, "name", 64) : domain.Name;
            if (name != domain.Name && identity.Domains.Values.Any(d => d.Id != domainId && string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw IdentityRequest.Duplicate("domain", $"name {name}");
            }

            var enabled = IdentityRequest.Bool(body, "enabled") ?? domain.Enabled;
            if (!enabled && domainId == IdentityStore.DefaultDomainId)
            {
                throw ApiException.Forbidden("The default domain cannot be disabled.");
            }

            updated = domain with
            {
                Name = name,
                Description = body.ContainsKey("description") ? IdentityRequest.String(body, "description", 65535) ?? string.Empty : domain.Description,
                Enabled = enabled,
                Tags = IdentityRequest.Tags(body) ?? domain.Tags,
            };
            identity.Domains.Put(domainId, updated);
        }

        identity.Changed();
        return Results.Json(new JsonObject { ["domain"] = ToJson(updated, context) });
    }

    private static IResult Delete(HttpContext context, IdentityStore identity, TokenService tokens, string domainId)
    {
        IdentityPolicy.Admin(context, "delete_domain");
        var domain = Find(identity, domainId);
        if (domain.Enabled)
        {
            throw ApiException.Forbidden("Cannot delete a domain that is enabled, please disable it first.");
        }

        foreach (var project in identity.Projects.Values.Where(p => p.DomainId == domainId).ToList())
        {
            ProjectEndpoints.Remove(identity, project.Id);
        }

        foreach (var user in identity.Users.Values.Where(u => u.DomainId == domainId).ToList())
        {
            UserEndpoints.Remove(identity, tokens, user.Id);
        }

        foreach (var group in identity.Groups.Values.Where(g => g.DomainId == domainId).ToList())
        {
            identity.Groups.Remove(group.Id);
        }

        foreach (var assignment in identity.Assignments.Values.Where(a => a.DomainId == domainId).ToList())
        {
            identity.Assignments.Remove(assignment.Id);
        }

        identity.Domains.Remove(domainId);
        identity.Changed();
        return Results.NoContent();
    }

    internal static DomainRecord Find(IdentityStore identity, string domainId) =>
        identity.Domains.Find(domainId) ?? throw ApiException.NotFound($"Could not find domain: {domainId}.");

    public static JsonObject ToJson(DomainRecord domain, HttpContext context) => new()
    {
        ["id"] = domain.Id,
        ["name"] = domain.Name,
        ["description"] = domain.Description,
        ["enabled"] = domain.Enabled,
        ["tags"] = IdentityJson.Strings(domain.Tags),
        ["options"] = new JsonObject(),
        ["links"] = IdentityJson.Links(context, "domains/" + domain.Id),
    };
}
