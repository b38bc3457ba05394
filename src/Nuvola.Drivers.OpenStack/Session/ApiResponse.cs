using System.Net;
using System.Text.Json.Nodes;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>A successful (2xx) answer, or a 404 when the caller asked to see it: status, JSON body (null when empty
/// or not JSON), the request id, and the Location header.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, string? RequestId, Uri? Location)
{
    public bool IsNotFound => Status == HttpStatusCode.NotFound;
}
