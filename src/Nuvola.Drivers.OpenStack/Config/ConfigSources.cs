namespace Nuvola.Drivers.OpenStack.Config;

/// <summary>Where <see cref="CloudConfigLoader"/> looks: the environment and the three directories of the openstack
/// client (current directory, ~/.config/openstack, /etc/openstack). Tests substitute their own.</summary>
public sealed record ConfigSources(
    Func<string, string?> Environment,
    string CurrentDirectory,
    string UserConfigDirectory,
    string SiteConfigDirectory)
{
    /// <summary>The process's environment and directories, as the openstack client uses them.</summary>
    public static ConfigSources Default => new(
        System.Environment.GetEnvironmentVariable,
        Directory.GetCurrentDirectory(),
        Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".config", "openstack"),
        "/etc/openstack");

    /// <summary>Candidate files named <paramref name="stem"/> (clouds or secure) in search order.</summary>
    internal IEnumerable<string> Candidates(string stem) =>
        from dir in new[] { CurrentDirectory, UserConfigDirectory, SiteConfigDirectory }
        from suffix in new[] { ".yaml", ".yml", ".json" }
        select Path.Combine(dir, stem + suffix);
}
