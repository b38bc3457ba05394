using Nuvola.Drivers.OpenStack.Config;

namespace Nuvola.Drivers.OpenStack.Tests.Config;

public sealed class CloudConfigLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nuvola-config-").FullName;
    private readonly Dictionary<string, string> _env = [];

    private string Cwd => Dir("cwd");

    private string User => Dir("user");

    private string Site => Dir("site");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Current_directory_wins_over_user_and_site_files()
    {
        Write(Site, "clouds.yaml", Cloud("c", "http://site/v3"));
        Write(User, "clouds.yaml", Cloud("c", "http://user/v3"));
        Write(Cwd, "clouds.yaml", Cloud("c", "http://cwd/v3"));
        Assert.Equal("http://cwd/v3", Load("c").AuthUrl);
        File.Delete(Path.Combine(Cwd, "clouds.yaml"));
        Assert.Equal("http://user/v3", Load("c").AuthUrl);
        File.Delete(Path.Combine(User, "clouds.yaml"));
        Assert.Equal("http://site/v3", Load("c").AuthUrl);
    }

    [Fact]
    public void OS_CLIENT_CONFIG_FILE_comes_first_and_OS_CLOUD_names_the_cloud()
    {
        Write(Cwd, "clouds.yaml", Cloud("prod", "http://cwd/v3"));
        var custom = Write(_root, "mine.yaml", Cloud("prod", "http://custom/identity"));
        _env["OS_CLIENT_CONFIG_FILE"] = custom;
        _env["OS_CLOUD"] = "prod";
        var config = Load(null);
        Assert.Equal("http://custom/identity", config.AuthUrl);
        Assert.Equal("prod", config.Name);
        Assert.Equal([custom], config.Sources);
    }

    [Fact]
    public void Secure_yaml_is_merged_into_the_cloud()
    {
        Write(User, "clouds.yaml", """
            clouds:
              c:
                auth:
                  auth_url: http://k/v3
                  username: alice
                  project_name: p
                  user_domain_name: Default
                region_name: R2
                interface: internal
                verify: false
            """);
        Write(Site, "secure.yaml", """
            clouds:
              c:
                auth:
                  password: s3cret
            """);
        var config = Load("c");
        Assert.Equal("alice", config.Username);
        Assert.Equal("s3cret", config.Password);
        Assert.Equal("R2", config.RegionName);
        Assert.Equal("internal", config.Interface);
        Assert.False(config.Verify);
        Assert.Equal("password", config.NormalizedAuthType);
    }

    [Fact]
    public void Environment_alone_makes_a_cloud_and_overrides_a_named_one()
    {
        _env["OS_AUTH_URL"] = "http://env/v3";
        _env["OS_USERNAME"] = "bob";
        _env["OS_PASSWORD"] = "pw";
        _env["OS_PROJECT_ID"] = "pid";
        _env["OS_USER_DOMAIN_ID"] = "default";
        _env["OS_PROJECT_DOMAIN_NAME"] = "Default";
        _env["OS_REGION_NAME"] = "RegionOne";
        _env["OS_INTERFACE"] = "admin";
        _env["OS_CACERT"] = "/tmp/ca.pem";
        var config = Load(null);
        Assert.Equal("envvars", config.Name);
        Assert.Equal(("http://env/v3", "bob", "pw", "pid"), (config.AuthUrl, config.Username, config.Password, config.ProjectId));
        Assert.Equal(("default", "Default", "RegionOne", "admin", "/tmp/ca.pem"),
            (config.UserDomainId, config.ProjectDomainName, config.RegionName, config.Interface, config.CaCert));

        Write(Cwd, "clouds.yaml", Cloud("c", "http://file/v3"));
        var named = Load("c");
        Assert.Equal("c", named.Name);
        Assert.Equal("pw", named.Password);
    }

    [Fact]
    public void Token_and_application_credential_auth_types_are_recognised()
    {
        _env["OS_AUTH_URL"] = "http://env/v3";
        _env["OS_TOKEN"] = "tok";
        Assert.Equal("token", Load(null).NormalizedAuthType);
        _env.Remove("OS_TOKEN");
        _env["OS_APPLICATION_CREDENTIAL_ID"] = "acid";
        _env["OS_APPLICATION_CREDENTIAL_SECRET"] = "acsecret";
        var config = Load(null);
        Assert.Equal("applicationcredential", config.NormalizedAuthType);
        Assert.Equal(("acid", "acsecret"), (config.ApplicationCredentialId, config.ApplicationCredentialSecret));
        _env["OS_AUTH_TYPE"] = "v3token";
        Assert.Equal("token", Load(null).NormalizedAuthType);
    }

    [Fact]
    public void A_missing_cloud_names_the_files_looked_at_and_the_clouds_defined()
    {
        Write(User, "clouds.yaml", Cloud("known", "http://k/v3"));
        var e = Assert.Throws<CloudConfigException>(() => Load("unknown"));
        Assert.Contains("Cloud 'unknown' was not found", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Cwd, "clouds.yaml"), e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(User, "clouds.yaml"), e.Message, StringComparison.Ordinal);
        Assert.Contains("Defined clouds: known", e.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(User, "clouds.yaml"));
        var none = Assert.Throws<CloudConfigException>(() => Load(null));
        Assert.Contains("No cloud is configured", none.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Site, "clouds.yaml"), none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_never_appear_in_ToString()
    {
        var config = new CloudConfig
        {
            AuthUrl = "http://k/v3",
            Username = "u",
            Password = "pw-123",
            Token = "tok-456",
            ApplicationCredentialSecret = "sec-789",
        };
        var text = config.ToString();
        Assert.Contains("Username = u", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sec-789", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_yaml_is_a_config_error_naming_the_file()
    {
        var path = Write(Cwd, "clouds.yaml", "clouds: [unclosed");
        var e = Assert.Throws<CloudConfigException>(() => Load("c"));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    private CloudConfig Load(string? cloud) =>
        CloudConfigLoader.Load(cloud, new ConfigSources(name => _env.GetValueOrDefault(name), Cwd, User, Site));

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Cloud(string name, string authUrl) => $"""
        clouds:
          {name}:
            auth:
              auth_url: {authUrl}
              username: u
              password: p
              project_name: p
        """;
}
