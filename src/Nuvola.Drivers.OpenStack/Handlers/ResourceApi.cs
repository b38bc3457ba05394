using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>The session's calls on behalf of one resource (named in every error).</summary>
internal sealed class ResourceApi(OpenStackSession session, string subject)
{
    public string Subject => subject;

    public OpenStackSession Session => session;

    public async Task<JsonNode> GetAsync(string service, string path, CancellationToken cancellationToken) =>
        (await session.SendAsync(service, HttpMethod.Get, path, resource: subject, cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Body ?? new JsonObject();

    /// <summary>GET that answers null for a 404.</summary>
    public async Task<JsonNode?> FindAsync(string service, string path, CancellationToken cancellationToken)
    {
        var response = await session.SendAsync(service, HttpMethod.Get, path, resource: subject, allowNotFound: true,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.IsNotFound ? null : response.Body ?? new JsonObject();
    }

    public async Task<JsonNode> PostAsync(string service, string path, JsonNode? body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null) =>
        (await session.SendAsync(service, HttpMethod.Post, path, body ?? new JsonObject(), subject, headers: headers,
            cancellationToken: cancellationToken).ConfigureAwait(false)).Body ?? new JsonObject();

    public async Task<JsonNode> PutAsync(string service, string path, JsonNode? body, CancellationToken cancellationToken) =>
        (await session.SendAsync(service, HttpMethod.Put, path, body, subject, cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Body ?? new JsonObject();

    public async Task<JsonNode> PatchAsync(string service, string path, JsonNode body, string contentType,
        CancellationToken cancellationToken) =>
        (await session.SendAsync(service, HttpMethod.Patch, path, body, subject,
            headers: new Dictionary<string, string> { ["Content-Type"] = contentType },
            cancellationToken: cancellationToken).ConfigureAwait(false)).Body ?? new JsonObject();

    /// <summary>DELETE; false when the object was already gone (404).</summary>
    public async Task<bool> DeleteAsync(string service, string path, CancellationToken cancellationToken) =>
        !(await session.SendAsync(service, HttpMethod.Delete, path, resource: subject, allowNotFound: true,
            cancellationToken: cancellationToken).ConfigureAwait(false)).IsNotFound;
}
