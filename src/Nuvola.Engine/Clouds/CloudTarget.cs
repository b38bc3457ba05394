namespace Nuvola.Engine.Clouds;

/// <summary>
/// Where a resource lives: a cloud the user configured (a clouds.yaml entry, <c>envvars</c> for the OS_* variables
/// alone) or <c>embedded</c>, optionally one region of it. Plans, records and events name it by <see cref="Key"/>
/// ("NAME" or "NAME/REGION"); the API family and the account are what the cloud's provider says of the name
/// (<see cref="CloudDescription"/>), so a record keeps its target whatever the command line says next time.
/// </summary>
public sealed record CloudTarget(string Name, string? Region = null)
{
    /// <summary>The embedded cloud (<c>nuvola cloud serve</c>).</summary>
    public const string Embedded = "embedded";

    /// <summary>"NAME" or "NAME/REGION": the form kept in plans, state and events.</summary>
    public string Key => Region is null ? Name : $"{Name}/{Region}";

    /// <summary>Reads a <see cref="Key"/> back.</summary>
    public static CloudTarget Parse(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new CloudTarget(key) : new CloudTarget(key[..slash], key[(slash + 1)..]);
    }

    /// <summary>The same cloud in another region (null: the cloud's configured one).</summary>
    public CloudTarget InRegion(string? region) => this with { Region = region };

    public override string ToString() => Key;
}

/// <summary>
/// A configured cloud as its provider describes it: API family (openstack; later ec2, cloudstack), region, the
/// account it acts as (project/user), and where its configuration came from (a file, the environment).
/// </summary>
public sealed record CloudDescription(string Name, string Family, string? Region, string? Account, string Source);

/// <summary>
/// Cloud configuration behind one interface, one provider per API family: the clouds configured for it, what each
/// is, and a driver acting on one target. The OpenStack provider reads clouds.yaml/secure.yaml/OS_*; an EC2 or
/// CloudStack provider is one more implementation registered beside it.
/// </summary>
public interface ICloudProvider
{
    /// <summary>The API family ("openstack").</summary>
    string Family { get; }

    /// <summary>Every cloud configured for this family (none when its configuration is absent).</summary>
    IReadOnlyList<CloudDescription> List();

    /// <summary>The named cloud, or null when this family has no such cloud configured.</summary>
    CloudDescription? Describe(string name);

    /// <summary>
    /// A driver acting on <paramref name="target"/> (not yet connected: it authenticates on first use). Throws
    /// <see cref="CloudConfigurationException"/> when the cloud is not configured or its credentials are missing.
    /// </summary>
    Applying.IResourceDriver CreateDriver(CloudTarget target);
}

/// <summary>A cloud that is not configured, or whose configuration is incomplete (credentials missing).</summary>
public sealed class CloudConfigurationException : Exception
{
    public CloudConfigurationException()
    {
    }

    public CloudConfigurationException(string message)
        : base(message)
    {
    }

    public CloudConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
