using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Nova::Flavor → /flavors (an admin call), with extra_specs and, for a private flavor, tenant access. Update in
/// place: description (2.55+), extra_specs, tenants. Flavors have no tags (their extra_specs reach the scheduler), so
/// FindTaggedAsync reports none; a flavor's name is unique, so a replacement deletes first.
/// </summary>
internal sealed class FlavorHandler : IResourceHandler
{
    public string Type => "OS::Nova::Flavor";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var microversion = await context.Session.GetMicroversionAsync(ServiceTypes.Compute, cancellationToken).ConfigureAwait(false);
        var flavor = new JsonObject
        {
            ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}",
            ["ram"] = props.Int("ram") ?? throw Failures.Invalid(api.Subject, "ram is required"),
            ["vcpus"] = props.Int("vcpus") ?? throw Failures.Invalid(api.Subject, "vcpus is required"),
            ["disk"] = props.Int("disk") ?? 0,
            ["swap"] = props.Int("swap") ?? 0,
            ["OS-FLV-EXT-DATA:ephemeral"] = props.Int("ephemeral") ?? 0,
            ["os-flavor-access:is_public"] = props.Bool("is_public") ?? true,
        };
        if (props["rxtx_factor"] is JsonValue rxtx)
        {
            flavor["rxtx_factor"] = rxtx.DeepClone();
        }

        if (props.Str("description") is { } description && microversion is { } mv && mv >= new ApiVersion(2, 55))
        {
            flavor["description"] = description;
        }

        var created = await api.PostAsync(ServiceTypes.Compute, "/flavors", new JsonObject { ["flavor"] = flavor }, cancellationToken)
            .ConfigureAwait(false);
        var id = (string?)created["flavor"]?["id"] ?? throw Failures.Invalid(api.Subject, "the answer to POST /flavors has no id");
        return await Failures.AfterCreateAsync(id, async () =>
        {
            await SyncAsync(api, id, props, null, cancellationToken).ConfigureAwait(false);
            return Snapshots.Applied(id, await AttributesAsync(api, id, cancellationToken).ConfigureAwait(false) ?? [], spec);
        }).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var old = Props.Of(current.Properties);
        var microversion = await context.Session.GetMicroversionAsync(ServiceTypes.Compute, cancellationToken).ConfigureAwait(false);
        if (props.Str("description") != old.Str("description") && microversion is { } mv && mv >= new ApiVersion(2, 55))
        {
            await api.PutAsync(ServiceTypes.Compute, $"/flavors/{current.PhysicalId}",
                new JsonObject { ["flavor"] = new JsonObject { ["description"] = props.Str("description") } }, cancellationToken).ConfigureAwait(false);
        }

        await SyncAsync(api, current.PhysicalId, props, old, cancellationToken).ConfigureAwait(false);
        return Snapshots.Applied(current.PhysicalId, await AttributesAsync(api, current.PhysicalId, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackApiException(api.Subject, "update", 404, $"flavor {current.PhysicalId} is gone", false), spec);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken) =>
        await context.Api(Type, physicalId).DeleteAsync(ServiceTypes.Compute, $"/flavors/{physicalId}", cancellationToken).ConfigureAwait(false);

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var attributes = await AttributesAsync(context.Api(Type, physicalId), physicalId, cancellationToken).ConfigureAwait(false);
        return attributes is null
            ? null
            : Snapshots.Of(physicalId, attributes, Snapshots.Pick(attributes, "name", "ram", "vcpus", "disk", "swap", "extra_specs", "is_public"));
    }

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private static async Task SyncAsync(ResourceApi api, string id, Props props, Props? old, CancellationToken cancellationToken)
    {
        var specs = props.Map("extra_specs") ?? [];
        foreach (var (key, _) in old?.Map("extra_specs") ?? [])
        {
            if (!specs.ContainsKey(key))
            {
                await api.DeleteAsync(ServiceTypes.Compute, $"/flavors/{id}/os-extra_specs/{Uri.EscapeDataString(key)}", cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        if (specs.Count > 0)
        {
            var values = new JsonObject();
            foreach (var (key, value) in specs)
            {
                values[key] = Props.StrOf(value) ?? value?.ToJsonString() ?? string.Empty;
            }

            await api.PostAsync(ServiceTypes.Compute, $"/flavors/{id}/os-extra_specs", new JsonObject { ["extra_specs"] = values }, cancellationToken)
                .ConfigureAwait(false);
        }

        if (props.Bool("is_public") == false)
        {
            var wanted = props.Strings("tenants").ToHashSet(StringComparer.Ordinal);
            var before = old?.Strings("tenants").ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var tenant in wanted.Except(before))
            {
                await api.PostAsync(ServiceTypes.Compute, $"/flavors/{id}/action",
                    new JsonObject { ["addTenantAccess"] = new JsonObject { ["tenant"] = tenant } }, cancellationToken).ConfigureAwait(false);
            }

            foreach (var tenant in before.Except(wanted))
            {
                await api.PostAsync(ServiceTypes.Compute, $"/flavors/{id}/action",
                    new JsonObject { ["removeTenantAccess"] = new JsonObject { ["tenant"] = tenant } }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<JsonObject?> AttributesAsync(ResourceApi api, string id, CancellationToken cancellationToken)
    {
        if ((await api.FindAsync(ServiceTypes.Compute, $"/flavors/{id}", cancellationToken).ConfigureAwait(false))?["flavor"] is not JsonObject flavor)
        {
            return null;
        }

        var specs = await api.FindAsync(ServiceTypes.Compute, $"/flavors/{id}/os-extra_specs", cancellationToken).ConfigureAwait(false);
        var attributes = (JsonObject)flavor.DeepClone();
        attributes["show"] = flavor.DeepClone();
        attributes["extra_specs"] = specs?["extra_specs"]?.DeepClone() ?? new JsonObject();
        attributes["is_public"] = flavor["os-flavor-access:is_public"]?.DeepClone();
        return attributes;
    }
}
