using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Nova::KeyPair → /os-keypairs; the physical id is the name. Nova key pairs have neither tags nor metadata, so
/// the engine's tags cannot be attached and FindTaggedAsync reports none: after a crash between the create and its
/// record, the next create of the same name finds the key pair and adopts it when its public key is the one asked
/// for (a generated key cannot be adopted: its private half is lost, so the create fails with Nova's 409 naming the
/// key pair, for the user to delete). The private key (generated when no public_key is given) is returned as the
/// attribute private_key only with save_private_key, as Heat does; <see cref="OpenStackTypeSchemas"/> marks it secret.
/// </summary>
internal sealed class KeyPairHandler : IResourceHandler
{
    public string Type => "OS::Nova::KeyPair";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var name = props.Str("name") ?? throw Failures.Invalid(api.Subject, "name is required");
        var body = new JsonObject { ["name"] = name };
        if (props.Str("public_key") is { } publicKey)
        {
            body["public_key"] = publicKey;
            var existing = await api.FindAsync(ServiceTypes.Compute, $"/os-keypairs/{Uri.EscapeDataString(name)}", cancellationToken)
                .ConfigureAwait(false);
            if (existing?["keypair"] is JsonObject found && Normalize((string?)found["public_key"]) == Normalize(publicKey))
            {
                return Snapshots.Applied(name, Attributes(found, null), spec);
            }
        }

        if (props.Str("type") is { } type)
        {
            body["type"] = type;
        }

        if (props.Str("user") is { } user)
        {
            body["user_id"] = await context.Names.IdAsync("user", user, api.Subject, cancellationToken).ConfigureAwait(false);
        }

        var created = await api.PostAsync(ServiceTypes.Compute, "/os-keypairs", new JsonObject { ["keypair"] = body }, cancellationToken)
            .ConfigureAwait(false);
        var keypair = created["keypair"] as JsonObject ?? [];
        var privateKey = props.Bool("save_private_key") == true ? (string?)keypair["private_key"] : null;
        return Snapshots.Applied(name, Attributes(keypair, privateKey ?? string.Empty), spec);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken) =>
        await ReadAsync(context, current.PhysicalId, cancellationToken).ConfigureAwait(false) is { } now
            ? now with { Properties = spec.Properties.Clone(), Attributes = current.Attributes }
            : throw new OpenStackApiException($"{Type} '{spec.LogicalName}'", "update", 404, $"key pair {current.PhysicalId} is gone", false);

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken) =>
        await context.Api(Type, physicalId).DeleteAsync(ServiceTypes.Compute, $"/os-keypairs/{Uri.EscapeDataString(physicalId)}",
            cancellationToken).ConfigureAwait(false);

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var found = await context.Api(Type, physicalId).FindAsync(ServiceTypes.Compute, $"/os-keypairs/{Uri.EscapeDataString(physicalId)}",
            cancellationToken).ConfigureAwait(false);
        return found?["keypair"] is JsonObject keypair
            ? Snapshots.Of(physicalId, Attributes(keypair, null), Snapshots.Pick(keypair, "name", "public_key", "type"))
            : null;
    }

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private static JsonObject Attributes(JsonObject keypair, string? privateKey)
    {
        var show = (JsonObject)keypair.DeepClone();
        show.Remove("private_key");
        var attributes = (JsonObject)show.DeepClone();
        attributes["show"] = show;
        if (privateKey is not null)
        {
            attributes["private_key"] = privateKey;
        }

        return attributes;
    }

    private static string Normalize(string? key) => string.Join(' ', (key ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
}
