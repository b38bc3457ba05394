using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>
/// Keystone's default policies, simplified: the admin role may do everything; any other caller may only act on
/// itself (its user, password, application credentials and projects) and read the domain it is scoped in.
/// Refusals carry Keystone's message: "You are not authorized to perform the requested action: identity:ACTION."
/// </summary>
public static class IdentityPolicy
{
    public static AuthContext Admin(HttpContext context, string action)
    {
        var auth = context.Auth();
        return auth.IsAdmin ? auth : throw Denied(action);
    }

    public static AuthContext SelfOrAdmin(HttpContext context, string userId, string action)
    {
        var auth = context.Auth();
        return auth.IsAdmin || auth.UserId == userId ? auth : throw Denied(action);
    }

    public static ApiException Denied(string action) =>
        ApiException.Forbidden($"You are not authorized to perform the requested action: identity:{action}.");
}
