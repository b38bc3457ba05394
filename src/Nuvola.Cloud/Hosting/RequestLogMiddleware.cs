using System.Diagnostics;

namespace Nuvola.Cloud.Hosting;

/// <summary>One log line per request: method, path, status, duration. Never headers or bodies (they carry secrets).</summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger, CloudOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!options.LogRequests)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, elapsed);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs:0.0}ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs);
}
