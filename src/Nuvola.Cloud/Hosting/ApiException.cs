namespace Nuvola.Cloud.Hosting;

/// <summary>
/// A request the service refuses: carried to the edge and written in the service's own error format.
/// <paramref name="kind"/> is the service-specific error name where the format has one
/// (Neutron's "type", e.g. NetworkNotFound; Nova's fault key override).
/// </summary>
public sealed class ApiException(int status, string message, string? kind = null) : Exception(message)
{
    public int Status { get; } = status;

    public string? Kind { get; } = kind;

    public static ApiException BadRequest(string message, string? kind = null) => new(400, message, kind);

    public static ApiException Unauthorized(string message = "The request you have made requires authentication.") => new(401, message);

    public static ApiException Forbidden(string message, string? kind = null) => new(403, message, kind);

    public static ApiException NotFound(string message, string? kind = null) => new(404, message, kind);

    public static ApiException Conflict(string message, string? kind = null) => new(409, message, kind);
}
