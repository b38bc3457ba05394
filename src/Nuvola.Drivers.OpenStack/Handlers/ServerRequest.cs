using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>Builds POST /servers from OS::Nova::Server's properties (names resolved to ids).</summary>
internal static class ServerRequest
{
    /// <summary>The tag that marks a port the driver made for a networks entry with only a subnet (deleted with the server).</summary>
    public const string InternalPortTag = "nuvola-internal-port";

    public static async Task<JsonObject> BuildAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        ApiVersion? microversion, CancellationToken cancellationToken)
    {
        var names = context.Names;
        var server = new JsonObject
        {
            ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}",
            ["flavorRef"] = await names.IdAsync("flavor", props.Str("flavor") ?? throw Failures.Invalid(subject, "flavor is required"),
                subject, cancellationToken).ConfigureAwait(false),
        };
        server["imageRef"] = props.Str("image") is { } image
            ? await names.IdAsync("image", image, subject, cancellationToken).ConfigureAwait(false)
            : string.Empty;
        if (props.Str("key_name") is { } keyName)
        {
            server["key_name"] = await names.IdAsync("keypair", keyName, subject, cancellationToken).ConfigureAwait(false);
        }

        if (props.Str("availability_zone") is { } zone)
        {
            server["availability_zone"] = zone;
        }

        if (props.Has("security_groups"))
        {
            server["security_groups"] = new JsonArray([.. props.Strings("security_groups").Select(g => (JsonNode)new JsonObject { ["name"] = g })]);
        }

        if (props.Str("user_data") is { } userData)
        {
            server["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(userData));
        }

        if (props.Map("metadata") is { } metadata)
        {
            server["metadata"] = Metadata(metadata);
        }

        if (props.Bool("config_drive") is { } configDrive)
        {
            server["config_drive"] = configDrive;
        }

        if (props.Str("diskConfig") is { } diskConfig)
        {
            server["OS-DCF:diskConfig"] = diskConfig;
        }

        if (props.Str("admin_pass") is { } adminPass)
        {
            server["adminPass"] = adminPass;
        }

        if (props.Map("personality") is { Count: > 0 } personality && microversion is { } pv && pv < new ApiVersion(2, 57))
        {
            server["personality"] = new JsonArray([.. personality.Select(p => (JsonNode)new JsonObject
            {
                ["path"] = p.Key, ["contents"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Props.StrOf(p.Value) ?? string.Empty)),
            })]);
        }

        if (microversion is { } mv && mv >= new ApiVersion(2, 52))
        {
            server["tags"] = Tags.With(spec, props.Strings("tags"));
        }

        // The engine's marks also go into metadata (values up to 255 characters): found before 2.52, and the logical
        // name survives when a tag had to be hashed.
        var withMarks = server["metadata"] as JsonObject ?? [];
        foreach (var (key, value) in spec.Tags)
        {
            withMarks[key] = value;
        }

        server["metadata"] = withMarks;

        server["networks"] = await NetworksAsync(context, spec, props, subject, microversion, cancellationToken).ConfigureAwait(false);
        if (server["networks"] is null)
        {
            server.Remove("networks");
        }

        var mappings = await BlockDevicesAsync(context, props, subject, cancellationToken).ConfigureAwait(false);
        if (mappings.Count > 0)
        {
            server["block_device_mapping_v2"] = mappings;
            if ((string?)server["imageRef"] == string.Empty)
            {
                server.Remove("imageRef");
            }
        }

        var request = new JsonObject { ["server"] = server };
        if (props.Map("scheduler_hints") is { Count: > 0 } hints)
        {
            request["os:scheduler_hints"] = hints.DeepClone();
        }

        return request;
    }

    /// <summary>Nova metadata values are strings; Heat JSON-encodes the others.</summary>
    public static JsonObject Metadata(JsonObject metadata)
    {
        var result = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            result[key] = Props.StrOf(value) ?? value?.ToJsonString() ?? string.Empty;
        }

        return result;
    }

    private static async Task<JsonNode?> NetworksAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        ApiVersion? microversion, CancellationToken cancellationToken)
    {
        var auto = microversion is { } mv && mv >= new ApiVersion(2, 37);
        if (props.List("networks") is not { Count: > 0 } entries)
        {
            return auto ? "auto" : null;
        }

        var result = new JsonArray();
        foreach (var entry in entries.OfType<JsonObject>().Select(e => new Props(e)))
        {
            if (entry.Str("allocate_network") is { } allocate)
            {
                return auto ? allocate : null;
            }

            var network = new JsonObject();
            if (entry.Str("port") is { } port)
            {
                network["port"] = await context.Names.IdAsync("port", port, subject, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.Str("subnet") is { } subnet)
            {
                network["port"] = await InternalPortAsync(context, spec, entry, subnet, subject, cancellationToken).ConfigureAwait(false);
            }
            else if (entry.Str("network", "uuid") is { } name)
            {
                network["uuid"] = await context.Names.IdAsync("network", name, subject, cancellationToken).ConfigureAwait(false);
                if (entry.Str("fixed_ip") is { } fixedIp)
                {
                    network["fixed_ip"] = fixedIp;
                }
            }
            else
            {
                throw Failures.Invalid(subject, "each networks entry needs network, port or subnet");
            }

            if (entry.Str("tag") is { } tag)
            {
                network["tag"] = tag;
            }

            result.Add(network);
        }

        return result;
    }

    // Nova cannot place a server on a subnet: as Heat does, a port is made on it and handed to Nova.
    private static async Task<string> InternalPortAsync(HandlerContext context, ResourceSpec spec, Props entry, string subnet, string subject,
        CancellationToken cancellationToken)
    {
        var api = context.Api("OS::Nova::Server", spec.LogicalName);
        var subnetId = await context.Names.IdAsync("subnet", subnet, subject, cancellationToken).ConfigureAwait(false);
        var subnetObject = await api.GetAsync(ServiceTypes.Network, $"/subnets/{subnetId}", cancellationToken).ConfigureAwait(false);
        var fixedIp = new JsonObject { ["subnet_id"] = subnetId };
        if (entry.Str("fixed_ip") is { } address)
        {
            fixedIp["ip_address"] = address;
        }

        var port = new JsonObject
        {
            ["network_id"] = subnetObject["subnet"]?["network_id"]?.DeepClone(),
            ["name"] = $"{spec.Stack}-{spec.LogicalName}-port",
            ["fixed_ips"] = new JsonArray(fixedIp),
        };
        foreach (var (key, value) in entry.Map("port_extra_properties") ?? [])
        {
            port[key] = value?.DeepClone();
        }

        var tags = Tags.With(spec, [InternalPortTag]);
        var (created, tagged) = await Tags.PostTaggedAsync(api, "/ports", "port", port, tags, cancellationToken).ConfigureAwait(false);
        var id = (string)created["port"]!["id"]!;
        if (!tagged)
        {
            await api.PutAsync(ServiceTypes.Network, $"/ports/{id}/tags", new JsonObject { ["tags"] = tags }, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    private static async Task<JsonArray> BlockDevicesAsync(HandlerContext context, Props props, string subject, CancellationToken cancellationToken)
    {
        var result = new JsonArray();
        var bootAssigned = props.Has("image");
        foreach (var entry in props.List("block_device_mapping_v2")?.OfType<JsonObject>().Select(e => new Props(e)) ?? [])
        {
            var mapping = new JsonObject();
            if (entry.Str("volume_id") is { } volume)
            {
                mapping["uuid"] = await context.Names.IdAsync("volume", volume, subject, cancellationToken).ConfigureAwait(false);
                mapping["source_type"] = "volume";
                mapping["destination_type"] = "volume";
            }
            else if (entry.Str("image", "image_id") is { } image)
            {
                mapping["uuid"] = await context.Names.IdAsync("image", image, subject, cancellationToken).ConfigureAwait(false);
                mapping["source_type"] = "image";
                mapping["destination_type"] = "volume";
            }
            else if (entry.Str("snapshot_id") is { } snapshot)
            {
                mapping["uuid"] = snapshot;
                mapping["source_type"] = "snapshot";
                mapping["destination_type"] = "volume";
            }
            else if (entry.Int("swap_size") is { } swap)
            {
                mapping["source_type"] = "blank";
                mapping["destination_type"] = "local";
                mapping["guest_format"] = "swap";
                mapping["volume_size"] = swap;
            }
            else if (entry.Int("ephemeral_size") is { } ephemeral)
            {
                mapping["source_type"] = "blank";
                mapping["destination_type"] = "local";
                mapping["volume_size"] = ephemeral;
                if (entry.Str("ephemeral_format") is { } format)
                {
                    mapping["guest_format"] = format;
                }
            }
            else
            {
                mapping["source_type"] = "blank";
                mapping["destination_type"] = "volume";
            }

            foreach (var key in new[] { "device_name", "device_type", "disk_bus" })
            {
                if (entry.Str(key) is { } value)
                {
                    mapping[key] = value;
                }
            }

            if (entry.Int("volume_size") is { } size)
            {
                mapping["volume_size"] = size;
            }

            if (entry.Bool("delete_on_termination") is { } deleteOnTermination)
            {
                mapping["delete_on_termination"] = deleteOnTermination;
            }

            if (entry.Int("boot_index") is { } bootIndex)
            {
                mapping["boot_index"] = bootIndex;
                bootAssigned |= bootIndex == 0;
            }
            else if (!bootAssigned && (string?)mapping["destination_type"] == "volume")
            {
                mapping["boot_index"] = 0;
                bootAssigned = true;
            }

            result.Add(mapping);
        }

        foreach (var entry in props.List("block_device_mapping")?.OfType<JsonObject>().Select(e => new Props(e)) ?? [])
        {
            var mapping = new JsonObject { ["device_name"] = entry.Str("device_name"), ["destination_type"] = "volume" };
            if (entry.Str("volume_id") is { } volume)
            {
                mapping["uuid"] = await context.Names.IdAsync("volume", volume, subject, cancellationToken).ConfigureAwait(false);
                mapping["source_type"] = "volume";
            }
            else
            {
                mapping["uuid"] = entry.Str("snapshot_id");
                mapping["source_type"] = "snapshot";
            }

            if (entry.Int("volume_size") is { } size)
            {
                mapping["volume_size"] = size;
            }

            if (entry.Bool("delete_on_termination") is { } deleteOnTermination)
            {
                mapping["delete_on_termination"] = deleteOnTermination;
            }

            if (!bootAssigned)
            {
                mapping["boot_index"] = 0;
                bootAssigned = true;
            }

            result.Add(mapping);
        }

        return result;
    }
}
