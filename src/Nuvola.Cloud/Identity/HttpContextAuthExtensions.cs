using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

public static class HttpContextAuthExtensions
{
    private const string Key = "nuvola.auth";

    /// <summary>The caller, as the authentication middleware established it; 401 when there is none.</summary>
    public static AuthContext Auth(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is AuthContext auth ? auth : throw ApiException.Unauthorized();

    public static AuthContext? AuthOrNull(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) ? value as AuthContext : null;

    internal static void SetAuth(this HttpContext context, AuthContext auth) => context.Items[Key] = auth;
}
