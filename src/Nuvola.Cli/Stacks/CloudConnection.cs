using System.Collections.Concurrent;
using Nuvola.Cli.Cloud;
using Nuvola.Drivers.OpenStack;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Clouds;

namespace Nuvola.Cli.Stacks;

/// <summary>
/// The clouds a command acts on: the stack service's driver registry, one <see cref="CloudConnection"/> per cloud
/// target (a clouds.yaml cloud, <c>envvars</c> for the OS_* variables alone, or <c>embedded</c>, each optionally in
/// a region), made when a resource on it is first met. <see cref="Default"/> is where a new stack goes:
/// <c>--cloud NAME</c>, else <c>OS_CLOUD</c>, else the OS_* variables (when <c>OS_AUTH_URL</c> is set), else the
/// embedded cloud; a recorded resource is always acted on in its own recorded cloud.
/// </summary>
internal sealed class CloudDrivers : IDriverRegistry, IDisposable
{
    private readonly ConcurrentDictionary<string, CloudConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(IResourceDriver? Driver, string? Error)>> _others = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(IResourceDriver? Driver, string? Error)>?> _families = new(StringComparer.Ordinal);
    private readonly OpenStackCloudProvider _openstack = new();

    /// <summary>
    /// The cloud providers, one per API family: the one registration an EC2 or CloudStack driver adds (its provider
    /// lists its configured clouds and makes a driver per target). OpenStack's comes first and also serves
    /// <c>embedded</c>.
    /// </summary>
    public static IReadOnlyList<ICloudProvider> Providers { get; } = [new OpenStackCloudProvider()];

    private CloudDrivers(string defaultCloud, string? chosen)
    {
        Default = defaultCloud;
        Chosen = chosen;
    }

    /// <summary>The target of a new stack's root resources.</summary>
    public string Default { get; }

    /// <summary>The cloud named with --cloud (null: none).</summary>
    public string? Chosen { get; }

    /// <summary>Where progress messages about finding or starting the embedded cloud go.</summary>
    public TextWriter Log { get; set; } = Console.Error;

    public static CloudDrivers Choose(string? cloudOption)
    {
        if (cloudOption is { Length: > 0 })
        {
            return new CloudDrivers(cloudOption, cloudOption);
        }

        if (Environment.GetEnvironmentVariable("OS_CLOUD") is { Length: > 0 } fromEnv)
        {
            return new CloudDrivers(fromEnv, null);
        }

        return new CloudDrivers(Environment.GetEnvironmentVariable("OS_AUTH_URL") is { Length: > 0 } ? "envvars" : CloudTarget.Embedded, null);
    }

    /// <summary>Whether resources of <paramref name="type"/> need a cloud (the OS::Heat types run locally).</summary>
    public static bool Handles(string type) => OpenStackDriver.SupportedTypes.Contains(type);

    /// <summary>Whether the stack service runs <paramref name="type"/> itself (OS::Heat::*, nested templates).</summary>
    public static bool IsLocal(string type) =>
        type.StartsWith("OS::Heat::", StringComparison.Ordinal) || type.Contains("://", StringComparison.Ordinal) ||
        type.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || type.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        type.EndsWith(".template", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection to <paramref name="cloud"/> (a target key), made once.</summary>
    public CloudConnection For(string cloud) =>
        _connections.GetOrAdd(cloud, key => new CloudConnection(CloudTarget.Parse(key), _openstack) { Log = Log });

    public IResourceDriver? Find(string? cloud, string type) =>
        cloud is null ? null
        : Other(cloud) is { } other ? (other.Value.Driver is { } d && d.Supports(type) ? d : null)
        : Handles(type) ? For(cloud).Driver : null;

    // A cloud of another family (a provider after OpenStack's describes it): its driver, made once, or why not;
    // null for an OpenStack cloud (decided once per target: the configuration is read once).
    private Lazy<(IResourceDriver? Driver, string? Error)>? Other(string cloud) =>
        _families.GetOrAdd(cloud, OtherFamily);

    private Lazy<(IResourceDriver? Driver, string? Error)>? OtherFamily(string cloud)
    {
        var target = CloudTarget.Parse(cloud);
        if (target.Name == CloudTarget.Embedded || _openstack.Describe(target.Name) is not null)
        {
            return null;
        }

        return Providers.Skip(1).FirstOrDefault(p => p.Describe(target.Name) is not null) is { } provider
            ? _others.GetOrAdd(cloud, _ => new Lazy<(IResourceDriver?, string?)>(() =>
            {
                try
                {
                    return (provider.CreateDriver(target), null);
                }
                catch (CloudConfigurationException e)
                {
                    return (null, e.Message);
                }
            }))
            : null;
    }

    public async Task<string?> CheckAsync(string? cloud, string type, CancellationToken cancellationToken = default)
    {
        if (cloud is not null && Other(cloud) is { } other)
        {
            return other.Value.Error;
        }

        if (!Handles(type))
        {
            return null;
        }

        if (cloud is null)
        {
            return "no cloud is recorded for it";
        }

        try
        {
            await For(cloud).ConnectAsync(cancellationToken);
            return null;
        }
        catch (CliException e)
        {
            return e.Message;
        }
    }

    /// <summary>Why a cloud named in a template (OS::Heat::Stack context.cloud) cannot be used; null when it is configured.</summary>
    public string? CheckName(string name)
    {
        if (name == CloudTarget.Embedded || Providers.Any(p => p.Describe(name) is not null))
        {
            return null;
        }

        var known = Providers.SelectMany(p => p.List()).Select(c => c.Name).Append(CloudTarget.Embedded).ToList();
        return $"no cloud named '{name}' is configured (known: {string.Join(", ", known)})";
    }

    /// <summary>A custom constraint (glance.image, nova.flavor…) checked against the default cloud, connecting first.</summary>
    public async ValueTask<string?> CheckConstraintAsync(string constraint, string value, CancellationToken cancellationToken) =>
        await (await For(Default).ConnectAsync(cancellationToken)).CheckConstraintAsync(constraint, value, cancellationToken);

    /// <summary>The clouds named, for messages ("cloud 'a', the embedded cloud").</summary>
    public static string Describe(IEnumerable<string?> clouds) =>
        string.Join(", ", clouds.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(c => CloudConnection.Describe(CloudTarget.Parse(c))));

    public void Dispose()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }
    }
}

/// <summary>
/// One cloud target: nothing is contacted until a call needs it (<see cref="ConnectAsync"/>), so a stack with no
/// cloud resources (OS::Heat::RandomString, Value…) never starts or calls a cloud.
/// </summary>
internal sealed class CloudConnection : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly OpenStackCloudProvider _provider;
    private OpenStackDriver? _driver;

    public CloudConnection(CloudTarget target, OpenStackCloudProvider provider)
    {
        Target = target;
        _provider = provider;
        Driver = new LazyDriver(this);
    }

    public CloudTarget Target { get; }

    public bool Embedded => Target.Name == CloudTarget.Embedded;

    /// <summary>The driver of this target: answers what it supports at once, connects on the first call.</summary>
    public IResourceDriver Driver { get; }

    /// <summary>Where progress messages about finding or starting the cloud go.</summary>
    public TextWriter Log { get; set; } = Console.Error;

    /// <summary>A target for messages.</summary>
    public static string Describe(CloudTarget target) =>
        (target.Name == CloudTarget.Embedded ? "the embedded cloud"
            : target.Name == "envvars" ? "the cloud of the OS_* variables"
            : $"cloud '{target.Name}'") + (target.Region is null ? string.Empty : $" (region {target.Region})");

    /// <summary>
    /// Finds (or starts) the cloud, loads its settings and authenticates, once; a cloud that cannot be used is a
    /// <see cref="CliException"/> with exit code 7 naming it.
    /// </summary>
    public async Task<OpenStackDriver> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_driver is { } connected)
        {
            return connected;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_driver is not null)
            {
                return _driver;
            }

            var config = await LoadConfigAsync(cancellationToken);
            var driver = OpenStackDriver.FromConfig(config);
            try
            {
                await driver.Session.GetProjectIdAsync(cancellationToken);
            }
            catch (Exception e) when (e is DriverException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                driver.Dispose();
                throw new CliException(ExitCodes.CloudUnavailable, $"cannot authenticate to {Describe(Target)} ({config.AuthUrl}): {e.Message}");
            }

            _driver = driver;
            return driver;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _driver?.Dispose();
        _gate.Dispose();
    }

    private async Task<CloudConfig> LoadConfigAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!Embedded)
            {
                return _provider.Config(Target);
            }

            var endpoint = await EmbeddedCloud.EnsureAsync(StateLocation.Home(), Log, cancellationToken);
            var sources = ConfigSources.Default with
            {
                Environment = name => name == "OS_CLIENT_CONFIG_FILE" ? endpoint.CloudsFile
                    : name.StartsWith("OS_", StringComparison.Ordinal) ? null
                    : Environment.GetEnvironmentVariable(name),
            };
            var config = CloudConfigLoader.Load(EmbeddedCloud.CloudName, sources);
            return Target.Region is null ? config : config with { RegionName = Target.Region };
        }
        catch (Exception e) when (e is CloudConfigException or CloudConfigurationException)
        {
            throw new CliException(ExitCodes.CloudUnavailable, e.Message);
        }
    }

    private sealed class LazyDriver(CloudConnection cloud) : IResourceDriver
    {
        public string ConcurrencyKey { get; } = $"openstack:{cloud.Target.Key}";

        public bool Supports(string type) => CloudDrivers.Handles(type);

        public async Task<ResourceSnapshot> CreateAsync(ResourceSpec spec, CancellationToken cancellationToken = default) =>
            await (await ConnectedAsync(cancellationToken)).CreateAsync(spec, cancellationToken);

        public async Task<ResourceSnapshot> UpdateAsync(ResourceSpec spec, ResourceSnapshot current, CancellationToken cancellationToken = default) =>
            await (await ConnectedAsync(cancellationToken)).UpdateAsync(spec, current, cancellationToken);

        public async Task DeleteAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
            await (await ConnectedAsync(cancellationToken)).DeleteAsync(type, physicalId, cancellationToken);

        public async Task<ResourceSnapshot?> ReadAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
            await (await ConnectedAsync(cancellationToken)).ReadAsync(type, physicalId, cancellationToken);

        public async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(string stack, CancellationToken cancellationToken = default) =>
            await (await ConnectedAsync(cancellationToken)).FindTaggedAsync(stack, cancellationToken);

        // A cloud that cannot be reached fails the resource (a non-transient DriverException naming the cloud).
        private async Task<OpenStackDriver> ConnectedAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await cloud.ConnectAsync(cancellationToken);
            }
            catch (CliException e)
            {
                throw new DriverException($"connect to {Describe(cloud.Target)}", null, e.Message, false);
            }
        }
    }
}
