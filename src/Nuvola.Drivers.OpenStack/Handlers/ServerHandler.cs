using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Nova::Server → POST /servers, polled until ACTIVE (ERROR fails with Nova's fault message and the server's
/// id). Tags carry the engine's marks (metadata before microversion 2.52). Update in place: name, metadata, tags,
/// security groups (add/removeSecurityGroup), flavor (resize + confirm), image (rebuild), networks (os-interface
/// attach/detach), admin_pass (changePassword). Delete waits for 404, then removes the ports the driver made for
/// subnet-only networks entries.
/// </summary>
internal sealed class ServerHandler : IResourceHandler
{
    public string Type => "OS::Nova::Server";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var microversion = await context.Session.GetMicroversionAsync(ServiceTypes.Compute, cancellationToken).ConfigureAwait(false);
        var request = await ServerRequest.BuildAsync(context, spec, props, api.Subject, microversion, cancellationToken).ConfigureAwait(false);
        var created = await api.PostAsync(ServiceTypes.Compute, "/servers", request, cancellationToken).ConfigureAwait(false);
        var id = (string?)created["server"]?["id"] ?? throw Failures.Invalid(api.Subject, "the answer to POST /servers has no id");
        return await Failures.AfterCreateAsync(id, async () =>
        {
            var server = await WaitActiveAsync(context, api, id, cancellationToken).ConfigureAwait(false);
            if (await AssociateFloatingIpsAsync(context, api, id, props, cancellationToken).ConfigureAwait(false))
            {
                server = await ShowAsync(api, id, cancellationToken).ConfigureAwait(false) ?? server;
            }

            return Snapshots.Applied(id, await AttributesAsync(api, server, cancellationToken).ConfigureAwait(false), spec);
        }).ConfigureAwait(false);
    }

    // A networks entry's floating_ip (a floating IP id) goes to the server's port on that entry's network or port.
    private static async Task<bool> AssociateFloatingIpsAsync(HandlerContext context, ResourceApi api, string id, Props props,
        CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var entry in (props.List("networks") ?? []).OfType<JsonObject>().Select(e => new Props(e)))
        {
            if (entry.Str("floating_ip") is not { } floatingIp)
            {
                continue;
            }

            string? portId = null;
            if (entry.Str("port") is { } port)
            {
                portId = await context.Names.IdAsync("port", port, api.Subject, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var networkId = entry.Str("network", "uuid") is { } network
                    ? await context.Names.IdAsync("network", network, api.Subject, cancellationToken).ConfigureAwait(false)
                    : null;
                var ports = await api.GetAsync(ServiceTypes.Network, $"/ports?device_id={id}", cancellationToken).ConfigureAwait(false);
                portId = (string?)(ports["ports"] as JsonArray ?? []).OfType<JsonObject>()
                    .FirstOrDefault(p => networkId is null || (string?)p["network_id"] == networkId)?["id"];
            }

            if (portId is null)
            {
                throw Failures.Invalid(api.Subject, $"no port of server {id} for floating IP {floatingIp}");
            }

            await api.PutAsync(ServiceTypes.Network, $"/floatingips/{floatingIp}",
                new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = portId } }, cancellationToken).ConfigureAwait(false);
            any = true;
        }

        return any;
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var old = Props.Of(current.Properties);
        var id = current.PhysicalId;
        var microversion = await context.Session.GetMicroversionAsync(ServiceTypes.Compute, cancellationToken).ConfigureAwait(false);
        var name = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}";
        if (name != (old.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}"))
        {
            await api.PutAsync(ServiceTypes.Compute, $"/servers/{id}", new JsonObject { ["server"] = new JsonObject { ["name"] = name } },
                cancellationToken).ConfigureAwait(false);
        }

        if (Changed(props, old, "metadata"))
        {
            var metadata = ServerRequest.Metadata(props.Map("metadata") ?? []);
            foreach (var (key, value) in spec.Tags)
            {
                metadata[key] = value;
            }

            await api.PutAsync(ServiceTypes.Compute, $"/servers/{id}/metadata", new JsonObject { ["metadata"] = metadata }, cancellationToken)
                .ConfigureAwait(false);
        }

        if (microversion is { } tv && tv >= new ApiVersion(2, 26) && (Changed(props, old, "tags") || tv < new ApiVersion(2, 52)))
        {
            await api.PutAsync(ServiceTypes.Compute, $"/servers/{id}/tags", new JsonObject { ["tags"] = Tags.With(spec, props.Strings("tags")) },
                cancellationToken).ConfigureAwait(false);
        }

        if (Changed(props, old, "security_groups"))
        {
            await UpdateSecurityGroupsAsync(api, id, props, old, cancellationToken).ConfigureAwait(false);
        }

        if (Changed(props, old, "admin_pass") && props.Str("admin_pass") is { } password)
        {
            await Action(api, id, "changePassword", new JsonObject { ["adminPass"] = password }, cancellationToken).ConfigureAwait(false);
        }

        if (Changed(props, old, "flavor") && props.Str("flavor") is { } flavor)
        {
            var flavorId = await context.Names.IdAsync("flavor", flavor, api.Subject, cancellationToken).ConfigureAwait(false);
            await Action(api, id, "resize", new JsonObject { ["flavorRef"] = flavorId }, cancellationToken).ConfigureAwait(false);
            await WaitStatusAsync(context, api, id, "VERIFY_RESIZE", cancellationToken).ConfigureAwait(false);
            await Action(api, id, "confirmResize", null, cancellationToken).ConfigureAwait(false);
            await WaitActiveAsync(context, api, id, cancellationToken).ConfigureAwait(false);
        }

        if (Changed(props, old, "image") && props.Str("image") is { } image)
        {
            var imageId = await context.Names.IdAsync("image", image, api.Subject, cancellationToken).ConfigureAwait(false);
            var rebuild = new JsonObject { ["imageRef"] = imageId };
            if (props.Str("image_update_policy") == "REBUILD_PRESERVE_EPHEMERAL")
            {
                rebuild["preserve_ephemeral"] = true;
            }

            await Action(api, id, "rebuild", rebuild, cancellationToken).ConfigureAwait(false);
            await WaitActiveAsync(context, api, id, cancellationToken).ConfigureAwait(false);
        }

        if (Changed(props, old, "networks"))
        {
            await UpdateNetworksAsync(context, api, id, props, old, cancellationToken).ConfigureAwait(false);
        }

        var server = await ShowAsync(api, id, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackApiException(api.Subject, $"GET /servers/{id}", 404, $"server {id} is gone", false);
        return Snapshots.Applied(id, await AttributesAsync(api, server, cancellationToken).ConfigureAwait(false), spec);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, physicalId);
        var ports = await api.GetAsync(ServiceTypes.Network, $"/ports?device_id={physicalId}&tags={ServerRequest.InternalPortTag}",
            cancellationToken).ConfigureAwait(false);
        if (await api.DeleteAsync(ServiceTypes.Compute, $"/servers/{physicalId}", cancellationToken).ConfigureAwait(false))
        {
            await context.Waiter.UntilAsync(async ct =>
            {
                var server = await ShowAsync(api, physicalId, ct).ConfigureAwait(false);
                return (server is null || (string?)server["status"] == "DELETED", (string?)server?["status"] ?? "gone");
            }, context.Options.DeleteTimeout, api.Subject, $"server {physicalId} to be deleted", physicalId, cancellationToken)
                .ConfigureAwait(false);
        }

        foreach (var port in (ports["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            await api.DeleteAsync(ServiceTypes.Network, $"/ports/{port["id"]}", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, physicalId);
        var server = await ShowAsync(api, physicalId, cancellationToken).ConfigureAwait(false);
        if (server is null || (string?)server["status"] == "DELETED")
        {
            return null;
        }

        var properties = Snapshots.Pick(server, "name");
        properties["metadata"] = UserMetadata(server["metadata"]);
        if (server["tags"] is JsonArray)
        {
            properties["tags"] = Tags.UserTags(server["tags"]);
        }

        return Snapshots.Of(physicalId, await AttributesAsync(api, server, cancellationToken).ConfigureAwait(false), properties);
    }

    public async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken)
    {
        var api = context.Api(Type);
        var microversion = await context.Session.GetMicroversionAsync(ServiceTypes.Compute, cancellationToken).ConfigureAwait(false);
        var byTags = microversion is { } mv && mv >= new ApiVersion(2, 52);
        var path = byTags ? $"/servers/detail?tags={Uri.EscapeDataString(Tags.StackTag(stack))}" : "/servers/detail";
        var list = await api.GetAsync(ServiceTypes.Compute, path, cancellationToken).ConfigureAwait(false);
        return [.. (list["servers"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => (Id: (string?)s["id"], Name: (string?)s["metadata"]?[EngineTags.Stack] == stack
                ? (string?)s["metadata"]?[EngineTags.LogicalName] ?? Tags.LogicalName(s["tags"])
                : byTags ? Tags.LogicalName(s["tags"]) : null))
            .Where(s => s.Id is not null && s.Name is not null)
            .Select(s => new TaggedResource(s.Name!, Type, s.Id!))];
    }

    private static bool Changed(Props props, Props old, string name) =>
        !JsonNode.DeepEquals(props[name], old[name]);

    private static Task Action(ResourceApi api, string id, string action, JsonNode? body, CancellationToken cancellationToken) =>
        api.PostAsync(ServiceTypes.Compute, $"/servers/{id}/action", new JsonObject { [action] = body }, cancellationToken);

    private static async Task<JsonObject?> ShowAsync(ResourceApi api, string id, CancellationToken cancellationToken) =>
        (await api.FindAsync(ServiceTypes.Compute, $"/servers/{id}", cancellationToken).ConfigureAwait(false))?["server"] as JsonObject;

    private static Task<JsonObject> WaitActiveAsync(HandlerContext context, ResourceApi api, string id, CancellationToken cancellationToken) =>
        WaitStatusAsync(context, api, id, "ACTIVE", cancellationToken);

    private static async Task<JsonObject> WaitStatusAsync(HandlerContext context, ResourceApi api, string id, string wanted,
        CancellationToken cancellationToken)
    {
        JsonObject? last = null;
        await context.Waiter.UntilAsync(async ct =>
        {
            last = await ShowAsync(api, id, ct).ConfigureAwait(false)
                ?? throw new OpenStackApiException(api.Subject, $"GET /servers/{id}", 404, $"server {id} vanished while building", false);
            var status = (string?)last["status"] ?? "UNKNOWN";
            if (status == "ERROR")
            {
                var fault = (string?)last["fault"]?["message"] ?? "no fault message";
                throw new OpenStackApiException(api.Subject, $"waiting for server {id} to be {wanted}", (int?)Props.IntOf(last["fault"]?["code"]),
                    $"server {id} went to ERROR: {fault}", false)
                { PhysicalId = id };
            }

            return (status == wanted, status);
        }, context.Options.ReadyTimeout, api.Subject, $"server {id} to be {wanted}", id, cancellationToken).ConfigureAwait(false);
        return last!;
    }

    private static async Task UpdateSecurityGroupsAsync(ResourceApi api, string id, Props props, Props old, CancellationToken cancellationToken)
    {
        var current = await api.GetAsync(ServiceTypes.Compute, $"/servers/{id}/os-security-groups", cancellationToken).ConfigureAwait(false);
        var present = (current["security_groups"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(g => new[] { (string?)g["name"], (string?)g["id"] }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var wanted = props.Strings("security_groups").ToList();
        if (wanted.Count == 0 && !props.Has("security_groups"))
        {
            wanted.Add("default");
        }

        foreach (var group in wanted.Where(g => !present.Contains(g)))
        {
            await Action(api, id, "addSecurityGroup", new JsonObject { ["name"] = group }, cancellationToken).ConfigureAwait(false);
        }

        var oldGroups = old.Has("security_groups") ? old.Strings("security_groups").ToList() : ["default"];
        foreach (var group in oldGroups.Where(g => !wanted.Contains(g) && present.Contains(g)))
        {
            await Action(api, id, "removeSecurityGroup", new JsonObject { ["name"] = group }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task UpdateNetworksAsync(HandlerContext context, ResourceApi api, string id, Props props, Props old,
        CancellationToken cancellationToken)
    {
        var wanted = (props.List("networks") ?? []).OfType<JsonObject>().ToList();
        var before = (old.List("networks") ?? []).OfType<JsonObject>().ToList();
        var removed = before.Where(b => !wanted.Any(w => JsonNode.DeepEquals(w, b))).ToList();
        var added = wanted.Where(w => !before.Any(b => JsonNode.DeepEquals(w, b))).ToList();
        if (removed.Count == 0 && added.Count == 0)
        {
            return;
        }

        var interfaces = await api.GetAsync(ServiceTypes.Compute, $"/servers/{id}/os-interface", cancellationToken).ConfigureAwait(false);
        var attachments = (interfaces["interfaceAttachments"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var entry in removed.Select(e => new Props(e)))
        {
            string? portId = null;
            if (entry.Str("port") is { } port)
            {
                portId = await context.Names.IdAsync("port", port, api.Subject, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.Str("network", "uuid") is { } network)
            {
                var networkId = await context.Names.IdAsync("network", network, api.Subject, cancellationToken).ConfigureAwait(false);
                portId = (string?)attachments.FirstOrDefault(a => (string?)a["net_id"] == networkId
                    && (entry.Str("fixed_ip") is not { } ip || (a["fixed_ips"] as JsonArray ?? []).Any(f => (string?)f?["ip_address"] == ip)))?["port_id"];
            }
            else if (entry.Str("subnet") is { } subnet)
            {
                var subnetId = await context.Names.IdAsync("subnet", subnet, api.Subject, cancellationToken).ConfigureAwait(false);
                portId = (string?)attachments.FirstOrDefault(a => (a["fixed_ips"] as JsonArray ?? []).Any(f => (string?)f?["subnet_id"] == subnetId))?["port_id"];
            }

            if (portId is not null)
            {
                attachments.RemoveAll(a => (string?)a["port_id"] == portId);
                await api.DeleteAsync(ServiceTypes.Compute, $"/servers/{id}/os-interface/{portId}", cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var entry in added.Select(e => new Props(e)))
        {
            var attachment = new JsonObject();
            if (entry.Str("port") is { } port)
            {
                attachment["port_id"] = await context.Names.IdAsync("port", port, api.Subject, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.Str("network", "uuid") is { } network)
            {
                attachment["net_id"] = await context.Names.IdAsync("network", network, api.Subject, cancellationToken).ConfigureAwait(false);
                if (entry.Str("fixed_ip") is { } ip)
                {
                    attachment["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = ip });
                }
            }
            else if (entry.Str("subnet") is { } subnet)
            {
                var subnetId = await context.Names.IdAsync("subnet", subnet, api.Subject, cancellationToken).ConfigureAwait(false);
                var subnetObject = await api.GetAsync(ServiceTypes.Network, $"/subnets/{subnetId}", cancellationToken).ConfigureAwait(false);
                attachment["net_id"] = subnetObject["subnet"]?["network_id"]?.DeepClone();
                var fixedIp = new JsonObject { ["subnet_id"] = subnetId };
                if (entry.Str("fixed_ip") is { } ip)
                {
                    fixedIp["ip_address"] = ip;
                }

                attachment["fixed_ips"] = new JsonArray(fixedIp);
            }
            else
            {
                continue;
            }

            await api.PostAsync(ServiceTypes.Compute, $"/servers/{id}/os-interface", new JsonObject { ["interfaceAttachment"] = attachment },
                cancellationToken).ConfigureAwait(false);
        }

    }

    private static async Task<JsonObject> AttributesAsync(ResourceApi api, JsonObject server,
        CancellationToken cancellationToken)
    {
        var attributes = (JsonObject)server.DeepClone();
        attributes["show"] = server.DeepClone();
        attributes["instance_name"] = server["OS-EXT-SRV-ATTR:instance_name"]?.DeepClone();
        attributes["metadata"] = UserMetadata(server["metadata"]);
        if (server["tags"] is JsonArray)
        {
            attributes["tags"] = Tags.UserTags(server["tags"]);
        }

        var addresses = server["addresses"] as JsonObject ?? [];
        var networks = new JsonObject();
        string? first = null;
        foreach (var (name, list) in addresses)
        {
            var ips = (list as JsonArray ?? []).OfType<JsonObject>().ToList();
            networks[name] = new JsonArray([.. ips.Select(ip => (JsonNode?)ip["addr"]?.DeepClone())]);
            first ??= ips.Where(ip => Props.IntOf(ip["version"]) == 4).Select(ip => (string?)ip["addr"]).FirstOrDefault()
                ?? ips.Select(ip => (string?)ip["addr"]).FirstOrDefault();
        }

        // Heat also keys the networks attribute by network id.
        var ports = await api.GetAsync(ServiceTypes.Network, $"/ports?device_id={server["id"]}", cancellationToken).ConfigureAwait(false);
        foreach (var port in (ports["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)port["network_id"] is { } networkId && networks[networkId] is null)
            {
                networks[networkId] = new JsonArray([.. (port["fixed_ips"] as JsonArray ?? []).Select(f => (JsonNode?)f?["ip_address"]?.DeepClone())]);
            }
        }

        attributes["networks"] = networks;
        attributes["first_address"] = first ?? string.Empty;
        attributes["accessIPv4"] = server["accessIPv4"]?.DeepClone() ?? string.Empty;
        attributes["accessIPv6"] = server["accessIPv6"]?.DeepClone() ?? string.Empty;
        return attributes;
    }

    private static JsonObject UserMetadata(JsonNode? metadata)
    {
        var result = new JsonObject();
        foreach (var (key, value) in metadata as JsonObject ?? [])
        {
            if (key is not EngineTags.Stack and not EngineTags.LogicalName)
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }
}
