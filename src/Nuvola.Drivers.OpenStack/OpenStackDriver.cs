using System.Collections.Frozen;
using System.Text.Json;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Drivers.OpenStack.Handlers;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack;

/// <summary>
/// The engine's driver for OpenStack clouds (<see cref="IResourceDriver"/>): one handler per OS::* type over one
/// <see cref="OpenStackSession"/>, plus the custom constraints of HOT parameters (<see cref="CheckConstraintAsync"/>).
/// </summary>
public sealed class OpenStackDriver : IResourceDriver, IDisposable
{
    private static readonly FrozenDictionary<string, IResourceHandler> Handlers = new IResourceHandler[]
    {
        new ServerHandler(), new KeyPairHandler(), new NetHandler(), new SubnetHandler(), new PortHandler(), new RouterHandler(),
        new RouterInterfaceHandler(), new FloatingIpHandler(), new FloatingIpAssociationHandler(), new SecurityGroupHandler(),
        new SecurityGroupRuleHandler(), new VolumeHandler(), new VolumeAttachmentHandler(), new ServerGroupHandler(), new FlavorHandler(),
        new WebImageHandler(), new ProjectHandler(), new UserHandler(), new RoleHandler(),
        new RoleAssignmentHandler("OS::Keystone::UserRoleAssignment", "users", "user", "user"),
        new RoleAssignmentHandler("OS::Keystone::GroupRoleAssignment", "groups", "group", "group"),
    }.ToFrozenDictionary(h => h.Type, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> ConstraintKinds = new Dictionary<string, string>
    {
        ["nova.flavor"] = "flavor",
        ["nova.keypair"] = "keypair",
        ["nova.server"] = "server",
        ["nova.server_group"] = "server_group",
        ["glance.image"] = "image",
        ["neutron.network"] = "network",
        ["neutron.subnet"] = "subnet",
        ["neutron.port"] = "port",
        ["neutron.router"] = "router",
        ["neutron.security_group"] = "security_group",
        ["cinder.volume"] = "volume",
        ["cinder.vtype"] = "volume_type",
        ["keystone.project"] = "project",
        ["keystone.user"] = "user",
        ["keystone.role"] = "role",
        ["keystone.domain"] = "domain",
        ["keystone.group"] = "group",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly HandlerContext _context;
    private readonly bool _ownsSession;

    /// <summary>A driver over <paramref name="session"/> (disposed with the driver when <paramref name="ownsSession"/>).</summary>
    public OpenStackDriver(OpenStackSession session, OpenStackDriverOptions? options = null, bool ownsSession = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        _ownsSession = ownsSession;
        _context = new HandlerContext(session, options ?? new OpenStackDriverOptions());
        var config = session.Config;
        var cloud = config.Name is "envvars" or null ? config.AuthUrl : config.Name;
        var project = config.ProjectId ?? config.ProjectName ?? config.ApplicationCredentialId ?? config.ApplicationCredentialName
            ?? config.Username ?? "-";
        ConcurrencyKey = $"openstack:{cloud}:{project}";
    }

    /// <summary>Every resource type this driver implements.</summary>
    public static IReadOnlySet<string> SupportedTypes { get; } = Handlers.Keys.ToFrozenSet(StringComparer.Ordinal);

    public OpenStackSession Session { get; }

    /// <summary>"openstack:&lt;cloud name or auth URL&gt;:&lt;project&gt;".</summary>
    public string ConcurrencyKey { get; }

    /// <summary>A driver for a cloud configured as the openstack client finds it (clouds.yaml, OS_*).</summary>
    public static OpenStackDriver FromConfig(CloudConfig config, OpenStackSessionOptions? sessionOptions = null,
        OpenStackDriverOptions? options = null) =>
        new(new OpenStackSession(config, sessionOptions), options, ownsSession: true);

    /// <summary>A driver acting with a caller's token (the embedded cloud's Heat API).</summary>
    public static OpenStackDriver FromToken(string authUrl, string token, string? projectId = null,
        OpenStackSessionOptions? sessionOptions = null, OpenStackDriverOptions? options = null) =>
        new(OpenStackSession.FromToken(authUrl, token, projectId, sessionOptions), options, ownsSession: true);

    public bool Supports(string type) => Handlers.ContainsKey(type);

    public Task<ResourceSnapshot> CreateAsync(ResourceSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return GuardAsync(spec.Type, spec.LogicalName, () => Handler(spec.Type).CreateAsync(_context, spec, cancellationToken));
    }

    public Task<ResourceSnapshot> UpdateAsync(ResourceSpec spec, ResourceSnapshot current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(current);
        return GuardAsync(spec.Type, spec.LogicalName, () => Handler(spec.Type).UpdateAsync(_context, spec, current, cancellationToken));
    }

    public Task DeleteAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
        GuardAsync(type, physicalId, async () =>
        {
            await Handler(type).DeleteAsync(_context, physicalId, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<ResourceSnapshot?> ReadAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
        GuardAsync(type, physicalId, () => Handler(type).ReadAsync(_context, physicalId, cancellationToken));

    public async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(string stack, CancellationToken cancellationToken = default)
    {
        var lists = await Task.WhenAll(Handlers.Values.Select(handler => GuardAsync(handler.Type, stack, async () =>
        {
            try
            {
                return await handler.FindTaggedAsync(_context, stack, cancellationToken).ConfigureAwait(false);
            }
            catch (OpenStackApiException e) when (e.StatusCode == 403 || e.Call?.StartsWith("catalog lookup", StringComparison.Ordinal) == true)
            {
                // A user who may not list these objects (Keystone projects) or a cloud without the service made none.
                return [];
            }
        }))).ConfigureAwait(false);
        return [.. lists.SelectMany(l => l)];
    }

    /// <summary>
    /// Checks a HOT custom constraint (nova.flavor, glance.image, neutron.network, cinder.vtype, nova.host, …) against
    /// the cloud: null when satisfied (or when the constraint is not one the cloud decides), else a message such as
    /// "no flavor named 'm1.huge'". Same shape as Nuvola.Templates' ICustomConstraintChecker.
    /// </summary>
    public async ValueTask<string?> CheckConstraintAsync(string constraint, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        if (constraint == "nova.host")
        {
            return await CheckHostAsync(value, cancellationToken).ConfigureAwait(false);
        }

        return ConstraintKinds.TryGetValue(constraint, out var kind)
            ? await _context.Names.CheckAsync(kind, value, cancellationToken).ConfigureAwait(false)
            : null;
    }

    public void Dispose()
    {
        if (_ownsSession)
        {
            Session.Dispose();
        }
    }

    private async Task<string?> CheckHostAsync(string value, CancellationToken cancellationToken)
    {
        var answer = await Session.SendAsync(ServiceTypes.Compute, HttpMethod.Get, "/os-services?binary=nova-compute",
            resource: "constraint nova.host", cancellationToken: cancellationToken).ConfigureAwait(false);
        var hosts = (answer.Body?["services"] as System.Text.Json.Nodes.JsonArray ?? []).Select(s => (string?)s?["host"]);
        return hosts.Contains(value, StringComparer.Ordinal) ? null : $"no compute host named '{value}'";
    }

    private static IResourceHandler Handler(string type) =>
        Handlers.TryGetValue(type, out var handler)
            ? handler
            : throw new OpenStackApiException(type, "dispatch", null, $"the OpenStack driver does not implement {type}", isTransient: false);

    // The contract: drivers fail only with DriverException.
    private static async Task<T> GuardAsync<T>(string type, string name, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException
                                       or CloudConfigException or InvalidCastException)
        {
            throw new OpenStackApiException($"{type} '{name}'", "driver", null, e.Message, isTransient: false, innerException: e);
        }
    }
}
