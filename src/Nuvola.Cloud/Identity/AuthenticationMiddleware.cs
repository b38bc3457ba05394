using Microsoft.AspNetCore.Authorization;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>
/// The embedded keystonemiddleware: every endpoint not marked AllowAnonymous needs a valid X-Auth-Token,
/// whose user, scope and roles become the request's <see cref="AuthContext"/>.
/// </summary>
public sealed class AuthenticationMiddleware(RequestDelegate next, TokenService tokens)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var token = context.Request.Headers["X-Auth-Token"].ToString();
        if (token.Length > 0 && tokens.Validate(token) is { } auth)
        {
            context.SetAuth(auth);
        }
        else if (endpoint is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            return ApiErrors.WriteAsync(context, 401, "The request you have made requires authentication.");
        }

        return next(context);
    }
}
