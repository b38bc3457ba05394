using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>
/// Runs before every /heat-api/v1/{project_id} handler: the path's project must be the token's (admin may name any),
/// and every answer carries a request id, as Heat's do.
/// </summary>
public sealed class HeatRequest : IEndpointFilter
{
    public const string Prefix = "/heat-api/v1/{project_id}";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var requestId = "req-" + Guid.NewGuid().ToString("D");
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["x-openstack-request-id"] = requestId;
            if (context.Response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
            {
                // Heat answers "application/json" without a charset (clients compare it).
                context.Response.ContentType = "application/json";
            }

            return Task.CompletedTask;
        });
        var auth = context.Auth();
        var project = context.Request.RouteValues["project_id"] as string;
        if (auth.ProjectId is null)
        {
            throw ApiException.Forbidden("This action requires a project-scoped token.", "Forbidden");
        }

        if (!string.Equals(project, auth.ProjectId, StringComparison.Ordinal) && !auth.IsAdmin)
        {
            throw ApiException.Forbidden($"The project {project} in the URL is not the token's project.", "Forbidden");
        }

        return await next(invocation);
    }

    /// <summary>The project the request addresses (the path's).</summary>
    public static string ProjectOf(HttpContext context) => context.Request.RouteValues["project_id"] as string ?? context.Auth().RequireProject();

    /// <summary>The caller's token, passed to the engine's driver.</summary>
    public static string TokenOf(HttpContext context) => context.Request.Headers["X-Auth-Token"].ToString();

    /// <summary>http://host/heat-api/v1/{project}.</summary>
    public static string BaseOf(HttpContext context, PublicUrls urls) => urls.For(context) + "/heat-api/v1/" + ProjectOf(context);
}
