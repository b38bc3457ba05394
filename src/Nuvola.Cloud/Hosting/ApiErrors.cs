using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Nuvola.Cloud.Hosting;

/// <summary>Writes an error in the wire format of the service that the request addressed.</summary>
public static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message, string? kind = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        var service = ServiceKinds.FromPath(context.Request.Path);
        var title = ReasonPhrases.GetReasonPhrase(status);
        if (status == 401)
        {
            // keystonemiddleware answers 401 the same way in front of every service.
            response.Headers.WWWAuthenticate = "Keystone uri=\"" + context.Request.Scheme + "://" + context.Request.Host + "/identity\"";
            service = ServiceKind.Identity;
        }

        switch (service)
        {
            case ServiceKind.Compute:
            case ServiceKind.Volume:
                return WriteJsonAsync(response, new JsonObject
                {
                    [kind ?? NovaFaultName(status)] = new JsonObject { ["code"] = status, ["message"] = message },
                });
            case ServiceKind.Network:
                return WriteJsonAsync(response, new JsonObject
                {
                    ["NeutronError"] = new JsonObject { ["type"] = kind ?? NeutronType(status), ["message"] = message, ["detail"] = string.Empty },
                });
            case ServiceKind.Image when status >= 500:
                // A fault is never an HTML page: webob's JSON error shape, which Glance answers to JSON clients.
                return WriteJsonAsync(response, new JsonObject { ["code"] = $"{status} {title}", ["title"] = title, ["message"] = message });
            case ServiceKind.Image:
                response.ContentType = "text/html; charset=UTF-8";
                var html = $"<html>\n <head>\n  <title>{status} {title}</title>\n </head>\n <body>\n  <h1>{status} {title}</h1>\n  {System.Net.WebUtility.HtmlEncode(message)}<br /><br />\n\n\n\n </body>\n</html>";
                return response.WriteAsync(html);
            case ServiceKind.Orchestration:
                return WriteJsonAsync(response, new JsonObject
                {
                    ["explanation"] = message,
                    ["code"] = status,
                    ["error"] = new JsonObject { ["message"] = message, ["traceback"] = null, ["type"] = kind ?? title.Replace(" ", string.Empty, StringComparison.Ordinal) },
                    ["title"] = title,
                });
            default:
                return WriteJsonAsync(response, new JsonObject
                {
                    ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["title"] = title },
                });
        }
    }

    public static string NovaFaultName(int status) => status switch
    {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "itemNotFound",
        405 => "badMethod",
        409 => "conflictingRequest",
        413 => "overLimit",
        415 => "badMediaType",
        429 => "overLimit",
        501 => "notImplemented",
        503 => "serviceUnavailable",
        _ => "computeFault",
    };

    private static string NeutronType(int status) => status switch
    {
        400 => "BadRequest",
        403 => "PolicyNotAuthorized",
        404 => "NotFound",
        405 => "HTTPMethodNotAllowed",
        409 => "Conflict",
        413 => "RequestEntityTooLarge",
        _ => "NeutronException",
    };

    private static Task WriteJsonAsync(HttpResponse response, JsonObject body)
    {
        response.ContentType = "application/json";
        return response.WriteAsync(body.ToJsonString());
    }
}
