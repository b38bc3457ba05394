namespace Nuvola.Engine.Applying;

/// <summary>
/// A cloud call that failed, with what a user needs to act on it: the call, the HTTP status, the request id, the
/// cloud's own message, and whether retrying can help. Drivers throw only this.
/// </summary>
public class DriverException : Exception
{
    public DriverException()
    {
    }

    public DriverException(string message)
        : base(message)
    {
    }

    public DriverException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception; the message is composed from the parts.</summary>
    public DriverException(string call, int? statusCode, string? cloudMessage, bool isTransient,
        string? requestId = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(Compose(call, statusCode, cloudMessage, requestId), innerException)
    {
        Call = call;
        StatusCode = statusCode;
        CloudMessage = cloudMessage;
        IsTransient = isTransient;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP call, e.g. "POST https://cloud/compute/v2.1/servers".</summary>
    public string? Call { get; }

    /// <summary>The HTTP status, or null when no response came (timeout, connection refused).</summary>
    public int? StatusCode { get; }

    /// <summary>The cloud's own error message.</summary>
    public string? CloudMessage { get; }

    /// <summary>True when the same call may succeed if tried again (timeouts, 5xx, 409 on a busy object, 429).</summary>
    public bool IsTransient { get; }

    /// <summary>The request id the cloud gave (x-openstack-request-id).</summary>
    public string? RequestId { get; }

    /// <summary>The Retry-After the cloud asked for, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The object a failed create left behind (e.g. a server in ERROR), if any: the engine records it as failed so
    /// that rollback deletes it and the next plan replaces it.
    /// </summary>
    public string? PhysicalId { get; init; }

    /// <summary>True for a rate limit or overload answer (429, 503): the engine lowers its concurrency.</summary>
    public bool IsThrottle => StatusCode is 429 or 503;

    private static string Compose(string call, int? status, string? message, string? requestId)
    {
        var code = status is { } s ? $" -> {s}" : " -> no response";
        var id = requestId is null ? string.Empty : $" (request {requestId})";
        return $"{call}{code}{id}: {message ?? "no message"}";
    }
}
