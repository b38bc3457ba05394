using Nuvola.Engine.Applying;
using Nuvola.Engine.Clouds;

namespace Nuvola.Drivers.OpenStack.Config;

/// <summary>
/// The OpenStack family's <see cref="ICloudProvider"/>: the clouds of clouds.yaml/secure.yaml (and "envvars" for
/// the OS_* variables alone), as <see cref="CloudConfigLoader"/> reads them; a driver per target, in the target's
/// region when it names one.
/// </summary>
public sealed class OpenStackCloudProvider(ConfigSources? sources = null) : ICloudProvider
{
    private readonly ConfigSources _sources = sources ?? ConfigSources.Default;

    public string Family => "openstack";

    public IReadOnlyList<CloudDescription> List()
    {
        IReadOnlyList<(string Name, string Source)> names;
        try
        {
            names = CloudConfigLoader.List(_sources);
        }
        catch (CloudConfigException)
        {
            return [];
        }

        return [.. names.Select(n => Describe(n.Name) ?? new CloudDescription(n.Name, Family, null, null, n.Source))];
    }

    public CloudDescription? Describe(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CloudConfig config;
        try
        {
            config = Load(name);
        }
        catch (CloudConfigurationException)
        {
            return null;
        }

        var project = config.ProjectName ?? config.ProjectId ?? config.ApplicationCredentialName ?? config.ApplicationCredentialId;
        var user = config.Username ?? config.UserId;
        var account = project is null && user is null ? null : $"{project ?? "-"}/{user ?? "-"}";
        var source = config.Sources.Count > 0 ? string.Join(", ", config.Sources) : "environment (OS_*)";
        return new CloudDescription(name, Family, config.RegionName, account, source);
    }

    public IResourceDriver CreateDriver(CloudTarget target) => OpenStackDriver.FromConfig(Config(target));

    /// <summary>The settings of <paramref name="target"/> (its region when it names one).</summary>
    /// <exception cref="CloudConfigurationException">The cloud is not configured or has no auth URL.</exception>
    public CloudConfig Config(CloudTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var config = Load(target.Name);
        return target.Region is null ? config : config with { RegionName = target.Region };
    }

    private CloudConfig Load(string name)
    {
        try
        {
            // "envvars" is the openstack client's name for the OS_* variables alone.
            return CloudConfigLoader.Load(name == "envvars" ? null : name,
                name == "envvars" ? _sources with { Environment = v => v == "OS_CLOUD" ? null : _sources.Environment(v) } : _sources);
        }
        catch (CloudConfigException e)
        {
            throw new CloudConfigurationException(e.Message, e);
        }
    }
}
