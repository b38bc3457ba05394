using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Nuvola.Drivers.OpenStack.Config;

/// <summary>
/// Finds a cloud's settings as the openstack client does: the first of OS_CLIENT_CONFIG_FILE, ./clouds.yaml,
/// ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml (also .yml/.json), merged with the first
/// secure.yaml (or OS_CLIENT_SECURE_FILE); the cloud named by the argument or OS_CLOUD; then the OS_* variables on
/// top. With no cloud named, the OS_* variables alone (OS_AUTH_URL required).
/// </summary>
public static class CloudConfigLoader
{
    /// <summary>Loads the cloud <paramref name="cloud"/> (null: OS_CLOUD, else the OS_* variables).</summary>
    /// <exception cref="CloudConfigException">The cloud is not found or has no auth URL.</exception>
    public static CloudConfig Load(string? cloud = null, ConfigSources? sources = null)
    {
        sources ??= ConfigSources.Default;
        var env = sources.Environment;
        cloud = Blank(cloud) ?? Blank(env("OS_CLOUD"));
        var looked = new List<string>();
        var cloudsFile = FindFile(env("OS_CLIENT_CONFIG_FILE"), sources.Candidates("clouds"), looked);
        var secureFile = FindFile(env("OS_CLIENT_SECURE_FILE"), sources.Candidates("secure"), looked);
        var clouds = cloudsFile is null ? [] : CloudsOf(cloudsFile);
        var secure = secureFile is null ? [] : CloudsOf(secureFile);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var used = new List<string>();
        string name;
        if (cloud is not null)
        {
            if (!clouds.TryGetValue(cloud, out var entry) && !secure.TryGetValue(cloud, out entry))
            {
                var known = clouds.Keys.Concat(secure.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
                throw new CloudConfigException(
                    $"Cloud '{cloud}' was not found. Looked in: {Describe(looked, cloudsFile, secureFile)}. "
                    + (known.Count == 0 ? "No cloud is defined there." : $"Defined clouds: {string.Join(", ", known)}."));
            }

            Merge(values, entry as Dictionary<string, object?> ?? []);
            if (secure.TryGetValue(cloud, out var secret) && secret is Dictionary<string, object?> s)
            {
                Merge(values, s);
            }

            used.AddRange(new[] { cloudsFile, secureFile }.OfType<string>());
            name = cloud;
        }
        else
        {
            name = "envvars";
        }

        var auth = values.TryGetValue("auth", out var a) && a is Dictionary<string, object?> map ? map : [];
        string? Value(string key, string? variable) =>
            Blank(variable is null ? null : env(variable)) ?? Text(auth, key) ?? Text(values, key);
        var authUrl = Value("auth_url", "OS_AUTH_URL");
        if (authUrl is null)
        {
            throw new CloudConfigException(cloud is null
                ? $"No cloud is configured: give --cloud NAME (or OS_CLOUD) with a clouds.yaml, or set OS_AUTH_URL. Looked in: {Describe(looked, cloudsFile, secureFile)}."
                : $"Cloud '{cloud}' has no auth_url (in {string.Join(", ", used)}).");
        }

        var verify = Text(values, "verify");
        var insecure = Blank(env("OS_INSECURE"));
        var token = Value("token", "OS_TOKEN");
        var appCredId = Value("application_credential_id", "OS_APPLICATION_CREDENTIAL_ID");
        var appCredName = Value("application_credential_name", "OS_APPLICATION_CREDENTIAL_NAME");
        var authType = Blank(env("OS_AUTH_TYPE")) ?? Text(values, "auth_type")
            ?? (appCredId is not null || appCredName is not null ? "v3applicationcredential" : token is not null ? "token" : "password");
        return new CloudConfig
        {
            Name = name,
            AuthUrl = authUrl,
            AuthType = authType,
            Username = Value("username", "OS_USERNAME"),
            UserId = Value("user_id", "OS_USER_ID"),
            Password = Value("password", "OS_PASSWORD"),
            ProjectName = Value("project_name", "OS_PROJECT_NAME") ?? Value("tenant_name", "OS_TENANT_NAME"),
            ProjectId = Value("project_id", "OS_PROJECT_ID") ?? Value("tenant_id", "OS_TENANT_ID"),
            UserDomainName = Value("user_domain_name", "OS_USER_DOMAIN_NAME"),
            UserDomainId = Value("user_domain_id", "OS_USER_DOMAIN_ID"),
            ProjectDomainName = Value("project_domain_name", "OS_PROJECT_DOMAIN_NAME"),
            ProjectDomainId = Value("project_domain_id", "OS_PROJECT_DOMAIN_ID"),
            DomainName = Value("domain_name", "OS_DOMAIN_NAME"),
            DomainId = Value("domain_id", "OS_DOMAIN_ID"),
            Token = token,
            ApplicationCredentialId = appCredId,
            ApplicationCredentialName = appCredName,
            ApplicationCredentialSecret = Value("application_credential_secret", "OS_APPLICATION_CREDENTIAL_SECRET"),
            RegionName = Value("region_name", "OS_REGION_NAME"),
            Interface = Value("interface", "OS_INTERFACE") ?? "public",
            CaCert = Value("cacert", "OS_CACERT"),
            Verify = insecure is not null ? !IsTrue(insecure) : verify is null || IsTrue(verify),
            Sources = used,
        };
    }

    /// <summary>
    /// The clouds defined in the clouds.yaml (and secure.yaml) that <see cref="Load"/> would read, with the file each
    /// comes from, in name order; "envvars" too when OS_AUTH_URL is set.
    /// </summary>
    public static IReadOnlyList<(string Name, string Source)> List(ConfigSources? sources = null)
    {
        sources ??= ConfigSources.Default;
        var env = sources.Environment;
        var looked = new List<string>();
        var cloudsFile = FindFile(env("OS_CLIENT_CONFIG_FILE"), sources.Candidates("clouds"), looked);
        var secureFile = FindFile(env("OS_CLIENT_SECURE_FILE"), sources.Candidates("secure"), looked);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, clouds) in new[] { secureFile, cloudsFile }.OfType<string>().Select(f => (f, CloudsOf(f))))
        {
            foreach (var name in clouds.Keys)
            {
                result[name] = file;
            }
        }

        var list = result.Select(p => (p.Key, p.Value)).ToList();
        if (Blank(env("OS_AUTH_URL")) is not null)
        {
            list.Add(("envvars", "environment (OS_*)"));
        }

        return list;
    }

    private static string? FindFile(string? overridePath, IEnumerable<string> candidates, List<string> looked)
    {
        foreach (var path in (Blank(overridePath) is { } o ? new[] { o } : []).Concat(candidates))
        {
            looked.Add(path);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static string Describe(List<string> looked, string? cloudsFile, string? secureFile)
    {
        var found = new[] { cloudsFile, secureFile }.OfType<string>().ToList();
        return string.Join(", ", looked) + (found.Count == 0 ? " (none exists)" : $" (read: {string.Join(", ", found)})");
    }

    private static Dictionary<string, object?> CloudsOf(string path)
    {
        object? document;
        try
        {
            document = new DeserializerBuilder().Build().Deserialize<object?>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is YamlException or IOException or UnauthorizedAccessException)
        {
            throw new CloudConfigException($"Cannot read {path}: {e.Message}", e);
        }

        return Normalize(document) is Dictionary<string, object?> root && root.TryGetValue("clouds", out var c)
            && c is Dictionary<string, object?> clouds ? clouds : [];
    }

    private static object? Normalize(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(p => Convert.ToString(p.Key, CultureInfo.InvariantCulture) ?? string.Empty,
            p => Normalize(p.Value), StringComparer.Ordinal),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };

    private static void Merge(Dictionary<string, object?> target, Dictionary<string, object?> source)
    {
        foreach (var (key, value) in source)
        {
            if (value is Dictionary<string, object?> sub && target.TryGetValue(key, out var existing)
                && existing is Dictionary<string, object?> existingMap)
            {
                var copy = new Dictionary<string, object?>(existingMap, StringComparer.Ordinal);
                Merge(copy, sub);
                target[key] = copy;
            }
            else
            {
                target[key] = value is Dictionary<string, object?> d ? new Dictionary<string, object?>(d, StringComparer.Ordinal) : value;
            }
        }
    }

    private static string? Text(Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is not null and not Dictionary<string, object?> and not List<object?>
            ? Blank(Convert.ToString(value, CultureInfo.InvariantCulture))
            : null;

    private static bool IsTrue(string value) => value.ToLowerInvariant() is "true" or "1" or "yes" or "on";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
