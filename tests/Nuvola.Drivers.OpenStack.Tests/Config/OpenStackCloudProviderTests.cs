using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Engine.Clouds;

namespace Nuvola.Drivers.OpenStack.Tests.Config;

public sealed class OpenStackCloudProviderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nuvola-provider-").FullName;
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private OpenStackCloudProvider Provider() => new(new ConfigSources(v => _env.GetValueOrDefault(v),
        Path.Combine(_root, "cwd"), Path.Combine(_root, "user"), Path.Combine(_root, "site")));

    [Fact]
    public void Lists_and_describes_the_clouds_of_clouds_yaml_and_makes_drivers_per_target()
    {
        var file = Path.Combine(_root, "clouds.yaml");
        File.WriteAllText(file, """
            clouds:
              fg:
                region_name: IPHC
                auth: {auth_url: "http://127.0.0.1:1/identity/v3", username: u, password: p, project_name: FG}
              other:
                auth: {auth_url: "http://127.0.0.1:2/identity/v3", username: v, password: q, project_name: P}
            """);
        _env["OS_CLIENT_CONFIG_FILE"] = file;
        var provider = Provider();

        var clouds = provider.List();

        Assert.Equal(["fg", "other"], clouds.Select(c => c.Name));
        Assert.Equal(new CloudDescription("fg", "openstack", "IPHC", "FG/u", file), clouds[0]);
        Assert.Null(provider.Describe("missing"));
        Assert.Equal("RegionTwo", provider.Config(new CloudTarget("fg", "RegionTwo")).RegionName);
        Assert.Equal("IPHC", provider.Config(new CloudTarget("fg")).RegionName);
        using var driver = (OpenStackDriver)provider.CreateDriver(new CloudTarget("other"));
        Assert.Equal("openstack:other:P", driver.ConcurrencyKey);
        var error = Assert.Throws<CloudConfigurationException>(() => provider.CreateDriver(new CloudTarget("missing")));
        Assert.Contains("'missing'", error.Message);
    }

    [Fact]
    public void The_OS_variables_alone_are_the_cloud_envvars()
    {
        _env["OS_AUTH_URL"] = "http://127.0.0.1:3/identity/v3";
        _env["OS_PROJECT_NAME"] = "demo";
        _env["OS_USERNAME"] = "demo";

        var clouds = Provider().List();

        var envvars = Assert.Single(clouds);
        Assert.Equal(("envvars", "demo/demo"), (envvars.Name, envvars.Account));
    }
}
