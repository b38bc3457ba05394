using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Neutron::RouterInterface → PUT /routers/{id}/add_router_interface. The physical id is Heat's
/// "ROUTER:subnet_id=SUBNET" or "ROUTER:port_id=PORT". The interface's port carries the engine's tags, so an orphan
/// is found through it.
/// </summary>
internal sealed class RouterInterfaceHandler : IResourceHandler
{
    public string Type => "OS::Neutron::RouterInterface";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var router = await context.Names.IdAsync("router", props.Str("router", "router_id") ?? throw Failures.Invalid(api.Subject, "router is required"),
            api.Subject, cancellationToken).ConfigureAwait(false);
        var (key, value) = props.Str("subnet", "subnet_id") is { } subnet
            ? ("subnet_id", await context.Names.IdAsync("subnet", subnet, api.Subject, cancellationToken).ConfigureAwait(false))
            : props.Str("port", "port_id") is { } port
                ? ("port_id", await context.Names.IdAsync("port", port, api.Subject, cancellationToken).ConfigureAwait(false))
                : throw Failures.Invalid(api.Subject, "subnet or port is required");
        JsonNode? answer;
        try
        {
            answer = await api.PutAsync(ServiceTypes.Network, $"/routers/{router}/add_router_interface", new JsonObject { [key] = value },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OpenStackApiException refused) when (key == "subnet_id" && refused.StatusCode == 400
            && refused.CloudMessage?.Contains("already has a port on subnet", StringComparison.Ordinal) == true)
        {
            // The interface is there already: an earlier run was stopped between adding it and tagging its port
            // (the add cannot carry tags). It is this resource's (same router, same subnet): adopt it and tag it now.
            answer = await ExistingAsync(api, router, value, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                throw;
            }
        }

        var id = $"{router}:{key}={value}";
        if ((string?)answer["port_id"] is { } interfacePort)
        {
            await Failures.AfterCreateAsync(id, () => api.PutAsync(ServiceTypes.Network, $"/ports/{interfacePort}/tags",
                new JsonObject { ["tags"] = Tags.With(spec, []) }, cancellationToken)).ConfigureAwait(false);
        }

        return Snapshots.Applied(id, Attributes(answer), spec);
    }

    /// <summary>The router's interface on <paramref name="subnet"/>, in add_router_interface's answer shape, or null.</summary>
    private static async Task<JsonNode?> ExistingAsync(ResourceApi api, string router, string subnet, CancellationToken cancellationToken)
    {
        var ports = await api.GetAsync(ServiceTypes.Network, $"/ports?device_id={Uri.EscapeDataString(router)}&device_owner=network:router_interface",
            cancellationToken).ConfigureAwait(false);
        var port = (ports?["ports"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(p => (p["fixed_ips"] as JsonArray)?.Any(ip => (string?)ip?["subnet_id"] == subnet) == true);
        return port is null
            ? null
            : new JsonObject
            {
                ["id"] = router,
                ["subnet_id"] = subnet,
                ["subnet_ids"] = new JsonArray(subnet),
                ["port_id"] = port["id"]?.DeepClone(),
                ["network_id"] = port["network_id"]?.DeepClone(),
                ["tenant_id"] = port["tenant_id"]?.DeepClone(),
                ["project_id"] = port["project_id"]?.DeepClone(),
            };
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken) =>
        await ReadAsync(context, current.PhysicalId, cancellationToken).ConfigureAwait(false) is { } now
            ? now with { Properties = spec.Properties.Clone() }
            : throw new OpenStackApiException($"{Type} '{spec.LogicalName}'", "update", 404, $"interface {current.PhysicalId} is gone", false);

    // Neutron refuses (409) to remove an interface while a floating IP reaches a port behind it. Heat orders such
    // floating IPs before the interface implicitly; here the stack's floating IPs are deleted alongside, so the
    // removal is retried until they are gone (bounded, then the cloud's 409 is the failure).
    private static readonly TimeSpan InUseTimeout = TimeSpan.FromSeconds(60);

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (router, key, value) = Parse(physicalId);
        await context.Waiter.UntilAsync(async ct =>
        {
            try
            {
                await context.Session.SendAsync(ServiceTypes.Network, HttpMethod.Put, $"/routers/{router}/remove_router_interface",
                    new JsonObject { [key] = value }, $"{Type} {physicalId}", allowNotFound: true, cancellationToken: ct)
                    .ConfigureAwait(false);
                return (true, "removed");
            }
            catch (OpenStackApiException e) when (e.StatusCode == 409)
            {
                return (false, e.CloudMessage ?? e.Message);
            }
        }, InUseTimeout < context.Options.DeleteTimeout ? InUseTimeout : context.Options.DeleteTimeout, $"{Type} {physicalId}",
            "the interface's floating IPs to go", physicalId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (router, key, value) = Parse(physicalId);
        var api = context.Api(Type, physicalId);
        var ports = await api.GetAsync(ServiceTypes.Network, $"/ports?device_id={router}", cancellationToken).ConfigureAwait(false);
        var port = (ports["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => key == "port_id"
            ? (string?)p["id"] == value
            : (p["fixed_ips"] as JsonArray ?? []).OfType<JsonObject>().Any(ip => (string?)ip["subnet_id"] == value));
        if (port is null)
        {
            return null;
        }

        var attributes = new JsonObject
        {
            ["id"] = router,
            ["port_id"] = port["id"]?.DeepClone(),
            ["subnet_id"] = port["fixed_ips"]?[0]?["subnet_id"]?.DeepClone(),
        };
        return Snapshots.Of(physicalId, Attributes(attributes), []);
    }

    public async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken)
    {
        var list = await context.Api(Type).GetAsync(ServiceTypes.Network,
            $"/ports?device_owner=network:router_interface&tags={Uri.EscapeDataString(Tags.StackTag(stack))}", cancellationToken)
            .ConfigureAwait(false);
        return [.. (list["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => (string?)p["device_owner"] == "network:router_interface" && Tags.LogicalName(p["tags"]) is not null)
            .Select(p => new TaggedResource(Tags.LogicalName(p["tags"])!, Type,
                $"{p["device_id"]}:subnet_id={p["fixed_ips"]?[0]?["subnet_id"]}"))];
    }

    private static (string Router, string Key, string Value) Parse(string physicalId)
    {
        var colon = physicalId.IndexOf(':', StringComparison.Ordinal);
        var eq = physicalId.IndexOf('=', StringComparison.Ordinal);
        return colon > 0 && eq > colon
            ? (physicalId[..colon], physicalId[(colon + 1)..eq], physicalId[(eq + 1)..])
            : throw new OpenStackApiException("OS::Neutron::RouterInterface", "parse id", 400, $"'{physicalId}' is not ROUTER:subnet_id=ID", false);
    }

    private static JsonObject Attributes(JsonNode answer)
    {
        var attributes = (JsonObject)answer.DeepClone();
        attributes["show"] = answer.DeepClone();
        return attributes;
    }
}
