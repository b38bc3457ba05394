using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>Turns what Heat accepts as "name or id" into the id (id first when it looks like one, then by name); no
/// match or several matches are non-transient errors naming the kind and the value.</summary>
internal sealed class NameResolver(OpenStackSession session)
{
    /// <summary>The kinds of object that can be looked up, as (service, collection path, JSON collection key, noun).</summary>
    private static readonly Dictionary<string, (string Service, string Path, string Key, string Noun)> Kinds = new(StringComparer.Ordinal)
    {
        ["network"] = (ServiceTypes.Network, "/networks", "networks", "network"),
        ["subnet"] = (ServiceTypes.Network, "/subnets", "subnets", "subnet"),
        ["port"] = (ServiceTypes.Network, "/ports", "ports", "port"),
        ["router"] = (ServiceTypes.Network, "/routers", "routers", "router"),
        ["security_group"] = (ServiceTypes.Network, "/security-groups", "security_groups", "security group"),
        ["image"] = (ServiceTypes.Image, "/images", "images", "image"),
        ["volume"] = (ServiceTypes.Volume, "/volumes", "volumes", "volume"),
        ["volume_type"] = (ServiceTypes.Volume, "/types", "volume_types", "volume type"),
        ["server"] = (ServiceTypes.Compute, "/servers", "servers", "server"),
        ["flavor"] = (ServiceTypes.Compute, "/flavors", "flavors", "flavor"),
        ["keypair"] = (ServiceTypes.Compute, "/os-keypairs", "keypairs", "key pair"),
        ["server_group"] = (ServiceTypes.Compute, "/os-server-groups", "server_groups", "server group"),
        ["project"] = (ServiceTypes.Identity, "/projects", "projects", "project"),
        ["user"] = (ServiceTypes.Identity, "/users", "users", "user"),
        ["role"] = (ServiceTypes.Identity, "/roles", "roles", "role"),
        ["domain"] = (ServiceTypes.Identity, "/domains", "domains", "domain"),
        ["group"] = (ServiceTypes.Identity, "/groups", "groups", "group"),
    };

    /// <summary>The id of the <paramref name="kind"/> object named or identified by <paramref name="value"/>.</summary>
    public async Task<string> IdAsync(string kind, string value, string subject, CancellationToken cancellationToken)
    {
        var (service, path, key, noun) = Kinds[kind];
        if (kind == "keypair")
        {
            var keypair = await session.SendAsync(service, HttpMethod.Get, $"{path}/{Uri.EscapeDataString(value)}", resource: subject,
                allowNotFound: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return keypair.IsNotFound ? throw NotFound(subject, noun, value) : value;
        }

        if (kind != "volume_type" || Guid.TryParse(value, out _))
        {
            var direct = await session.SendAsync(service, HttpMethod.Get, $"{path}/{Uri.EscapeDataString(value)}", resource: subject,
                allowNotFound: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!direct.IsNotFound)
            {
                return value;
            }
        }

        var listPath = kind switch
        {
            "flavor" => "/flavors/detail?is_public=None",
            "server" => $"/servers?name={Uri.EscapeDataString("^" + System.Text.RegularExpressions.Regex.Escape(value) + "$")}",
            "volume_type" => "/types",
            "server_group" => "/os-server-groups",
            "volume" => $"/volumes/detail?name={Uri.EscapeDataString(value)}",
            _ => $"{path}?name={Uri.EscapeDataString(value)}",
        };
        var list = await session.SendAsync(service, HttpMethod.Get, listPath, resource: subject, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var matches = (list.Body?[key] as JsonArray)?.OfType<JsonObject>()
            .Where(o => (string?)o["name"] == value).Select(o => (string?)o["id"]).OfType<string>().Distinct().ToList() ?? [];
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw NotFound(subject, noun, value),
            _ => throw new OpenStackApiException(subject, $"lookup of {noun} '{value}'", 409,
                $"{matches.Count} {noun}s are named '{value}'; give the id instead", isTransient: false),
        };
    }

    /// <summary>Null when found, else the message (for custom constraints).</summary>
    public async Task<string?> CheckAsync(string kind, string value, CancellationToken cancellationToken)
    {
        try
        {
            await IdAsync(kind, value, $"constraint {kind}", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OpenStackApiException e) when (e.StatusCode is 404 or 409)
        {
            return e.CloudMessage;
        }
    }

    private static OpenStackApiException NotFound(string subject, string noun, string value) =>
        new(subject, $"lookup of {noun} '{value}'", 404, $"no {noun} named '{value}'", isTransient: false);
}
