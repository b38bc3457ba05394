using Nuvola.Cli.Cloud;
using Nuvola.Drivers.OpenStack;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Engine.Applying;

namespace Nuvola.Cli.Stacks;

/// <summary>
/// The cloud a command deploys to: <c>--cloud NAME</c>, else <c>OS_CLOUD</c>, else the <c>OS_*</c> variables (when
/// <c>OS_AUTH_URL</c> is set), else the embedded cloud (found running, or started in the background). It is the
/// stack service's driver registry: the OpenStack types are answered at once, but nothing is contacted until a
/// call needs the cloud (<see cref="ConnectAsync"/>), so a stack with no cloud resources (OS::Heat::RandomString,
/// Value…) never starts or calls a cloud.
/// </summary>
internal sealed class CloudConnection : IDriverRegistry, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LazyDriver _lazy;
    private OpenStackDriver? _driver;

    private CloudConnection(string? cloudName, bool embedded)
    {
        CloudName = cloudName;
        Embedded = embedded;
        _lazy = new LazyDriver(this);
    }

    /// <summary>The clouds.yaml entry (null: the OS_* variables alone).</summary>
    public string? CloudName { get; }

    public bool Embedded { get; }

    /// <summary>Where progress messages about finding or starting the cloud go.</summary>
    public TextWriter Log { get; set; } = Console.Error;

    public IReadOnlyList<IResourceDriver> All => [_lazy];

    public IResourceDriver? Find(string type) => Handles(type) ? _lazy : null;

    public static CloudConnection Choose(string? cloudOption)
    {
        if (cloudOption is { Length: > 0 })
        {
            return new CloudConnection(cloudOption, embedded: false);
        }

        if (Environment.GetEnvironmentVariable("OS_CLOUD") is { Length: > 0 } fromEnv)
        {
            return new CloudConnection(fromEnv, embedded: false);
        }

        return Environment.GetEnvironmentVariable("OS_AUTH_URL") is { Length: > 0 }
            ? new CloudConnection(null, embedded: false)
            : new CloudConnection(EmbeddedCloud.CloudName, embedded: true);
    }

    /// <summary>Whether resources of <paramref name="type"/> need the cloud (the OS::Heat types run locally).</summary>
    public static bool Handles(string type) => OpenStackDriver.SupportedTypes.Contains(type);

    /// <summary>Whether the stack service runs <paramref name="type"/> itself (OS::Heat::*, nested templates).</summary>
    public static bool IsLocal(string type) =>
        type.StartsWith("OS::Heat::", StringComparison.Ordinal) || type.Contains("://", StringComparison.Ordinal) ||
        type.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || type.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        type.EndsWith(".template", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the stack goes, for messages.</summary>
    public string Describe() => Embedded ? "the embedded cloud" : CloudName is null ? "the cloud of the OS_* variables" : $"cloud '{CloudName}'";

    /// <summary>A custom constraint (glance.image, nova.flavor…) checked against the cloud, connecting first.</summary>
    public async ValueTask<string?> CheckConstraintAsync(string constraint, string value, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken)).CheckConstraintAsync(constraint, value, cancellationToken);

    /// <summary>
    /// Finds (or starts) the cloud, loads its settings and authenticates, once; a cloud that cannot be used is a
    /// <see cref="CliException"/> with exit code 7.
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
                throw new CliException(ExitCodes.CloudUnavailable, $"cannot authenticate to {Describe()} ({config.AuthUrl}): {e.Message}");
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
                return CloudConfigLoader.Load(CloudName);
            }

            var endpoint = await EmbeddedCloud.EnsureAsync(StateLocation.Home(), Log, cancellationToken);
            var sources = ConfigSources.Default with
            {
                Environment = name => name == "OS_CLIENT_CONFIG_FILE" ? endpoint.CloudsFile
                    : name.StartsWith("OS_", StringComparison.Ordinal) ? null
                    : Environment.GetEnvironmentVariable(name),
            };
            return CloudConfigLoader.Load(EmbeddedCloud.CloudName, sources);
        }
        catch (CloudConfigException e)
        {
            throw new CliException(ExitCodes.CloudUnavailable, e.Message);
        }
    }

    // The registry's one driver: answers what it supports at once, connects on the first call.
    private sealed class LazyDriver(CloudConnection cloud) : IResourceDriver
    {
        public string ConcurrencyKey { get; } = $"openstack:{cloud.CloudName ?? "envvars"}";

        public bool Supports(string type) => Handles(type);

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
                throw new DriverException($"connect to {cloud.Describe()}", null, e.Message, false);
            }
        }
    }
}
