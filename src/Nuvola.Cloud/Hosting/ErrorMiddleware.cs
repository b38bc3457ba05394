namespace Nuvola.Cloud.Hosting;

/// <summary>
/// Turns refusals into the addressed service's own error body, fills in bodies for bare 4xx answers
/// (unknown route, wrong method), and logs anything unexpected as "Unhandled exception" before answering 500.
/// </summary>
public sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Request.Method != "HEAD")
            {
                await ApiErrors.WriteAsync(context, context.Response.StatusCode, DefaultMessage(context.Response.StatusCode));
            }
        }
        catch (ApiException refusal) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteAsync(context, refusal.Status, refusal.Message, refusal.Kind);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteAsync(context, bad.StatusCode, bad.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception exception)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, exception);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ApiErrors.WriteAsync(context, 500, "The server has either erred or is incapable of performing the requested operation.");
            }
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string message, string? kind = null)
    {
        if (context.Request.Method == "HEAD")
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        return ApiErrors.WriteAsync(context, status, message, kind);
    }

    private static string DefaultMessage(int status) => status switch
    {
        400 => "The request could not be understood: malformed syntax or invalid parameters.",
        401 => "The request you have made requires authentication.",
        404 => "The resource could not be found.",
        405 => "The method is not allowed for the requested URL.",
        406 => "The requested media type is not acceptable.",
        413 => "Request is too large.",
        415 => "The request media type is not supported.",
        _ => "The request was refused.",
    };

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
