using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>
/// A failed OpenStack call as the engine expects it (<see cref="DriverException"/>), also naming the resource the
/// call was for, e.g. "OS::Nova::Server 'web': POST http://…/servers -> 400 (request req-…): Invalid flavorRef".
/// </summary>
public sealed class OpenStackApiException : DriverException
{
    public OpenStackApiException()
    {
    }

    public OpenStackApiException(string message)
        : base(message)
    {
    }

    public OpenStackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OpenStackApiException(string? resource, string call, int? statusCode, string? cloudMessage, bool isTransient,
        string? requestId = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(call, statusCode, cloudMessage, isTransient, requestId, retryAfter, innerException) => Resource = resource;

    /// <summary>The resource the call was for (type and logical name), when known.</summary>
    public string? Resource { get; }

    public override string Message => Resource is null ? base.Message : $"{Resource}: {base.Message}";
}
