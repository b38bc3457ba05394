using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/auth: issue, validate, check and revoke tokens; the caller's catalog, projects and domains.</summary>
public static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/identity/v3/auth");
        auth.MapPost("/tokens", IssueAsync).AllowAnonymous();
        auth.MapGet("/tokens", Validate);
        auth.MapMethods("/tokens", ["HEAD"], Check);
        auth.MapDelete("/tokens", Revoke);
        auth.MapGet("/catalog", Catalog);
        auth.MapGet("/projects", Projects);
        auth.MapGet("/domains", Domains);
    }

    private static async Task<IResult> IssueAsync(HttpContext context, IdentityStore identity, TokenService tokens, TimeProvider time, CloudRegion region, PublicUrls urls, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var result = new AuthRequest(identity, tokens, time).Authenticate(body);
        var (token, record) = tokens.Issue(result.User, result.ProjectId, result.DomainId, result.Methods, result.AuditIds, result.ExpiresAt, result.ApplicationCredentialId);
        var auth = tokens.ContextOf(record) ?? throw ApiException.Unauthorized();
        var noCatalog = context.Request.Query.ContainsKey("nocatalog");
        var catalog = noCatalog ? null : ServiceCatalog.Build(urls.For(context), region.Name, auth.ProjectId);
        context.Response.Headers["X-Subject-Token"] = token;
        return Results.Json(IdentityJson.Token(identity, record, auth, catalog), statusCode: 201);
    }

    private static IResult Validate(HttpContext context, IdentityStore identity, TokenService tokens, CloudRegion region, PublicUrls urls)
    {
        var (subject, record, auth) = Subject(context, identity, tokens);
        var catalog = context.Request.Query.ContainsKey("nocatalog") ? null : ServiceCatalog.Build(urls.For(context), region.Name, auth.ProjectId);
        context.Response.Headers["X-Subject-Token"] = subject;
        return Results.Json(IdentityJson.Token(identity, record, auth, catalog));
    }

    private static IResult Check(HttpContext context, IdentityStore identity, TokenService tokens)
    {
        Subject(context, identity, tokens);
        return Results.Ok();
    }

    private static IResult Revoke(HttpContext context, IdentityStore identity, TokenService tokens)
    {
        var (_, record, _) = Subject(context, identity, tokens);
        tokens.Revoke(record.Hash);
        return Results.NoContent();
    }

    private static IResult Catalog(HttpContext context, CloudRegion region, PublicUrls urls)
    {
        var auth = context.Auth();
        return Results.Json(new JsonObject
        {
            ["catalog"] = ServiceCatalog.Build(urls.For(context), region.Name, auth.ProjectId),
            ["links"] = Links(context),
        });
    }

    private static IResult Projects(HttpContext context, IdentityStore identity)
    {
        var auth = context.Auth();
        var projects = identity.ProjectIdsOf(auth.UserId)
            .Select(identity.Projects.Find)
            .OfType<ProjectRecord>()
            .Where(p => p.Enabled)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (JsonNode?)ProjectEndpoints.ToJson(p, context))
            .ToArray();
        return Results.Json(new JsonObject { ["projects"] = new JsonArray(projects), ["links"] = Links(context) });
    }

    private static IResult Domains(HttpContext context, IdentityStore identity)
    {
        var auth = context.Auth();
        var domains = identity.Domains.Values
            .Where(d => d.Enabled && identity.EffectiveRoles(auth.UserId, null, d.Id).Count > 0)
            .Select(d => (JsonNode?)new JsonObject { ["id"] = d.Id, ["name"] = d.Name, ["description"] = d.Description, ["enabled"] = d.Enabled })
            .ToArray();
        return Results.Json(new JsonObject { ["domains"] = new JsonArray(domains), ["links"] = Links(context) });
    }

    /// <summary>The token named by X-Subject-Token; the caller may inspect its own tokens, an admin any.</summary>
    private static (string Subject, TokenRecord Record, AuthContext Auth) Subject(HttpContext context, IdentityStore identity, TokenService tokens)
    {
        var caller = context.Auth();
        var subject = context.Request.Headers["X-Subject-Token"].ToString();
        if (subject.Length == 0)
        {
            throw ApiException.BadRequest("X-Subject-Token header is required.");
        }

        var auth = tokens.Validate(subject);
        var record = auth is null ? null : identity.Tokens.Find(auth.TokenHash);
        if (record is null || auth is null)
        {
            throw ApiException.NotFound($"Could not find token: {subject}.");
        }

        if (!caller.IsAdmin && caller.UserId != record.UserId)
        {
            throw ApiException.Forbidden("You are not authorized to perform the requested action: identity:validate_token.");
        }

        return (subject, record, auth);
    }

    internal static JsonObject Links(HttpContext context) => new()
    {
        ["self"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}",
        ["previous"] = null,
        ["next"] = null,
    };
}
