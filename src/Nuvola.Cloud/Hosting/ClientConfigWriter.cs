using System.Text;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Hosting;

/// <summary>
/// Writes clouds.yaml (clouds admin, demo, and one per other profile user) and NAME-openrc.sh into the data directory.
/// Passwords exist in clear only there (mode 600). On later starts only the auth URL is brought up to date.
/// </summary>
public static partial class ClientConfigWriter
{
    public const string CloudsFile = "clouds.yaml";

    public static void Write(string directory, string baseUrl, string region, IReadOnlyList<UserCredential> credentials)
    {
        var authUrl = baseUrl + "/identity/v3";
        var yaml = new StringBuilder("clouds:\n");
        foreach (var credential in credentials)
        {
            yaml.Append(CultureInvariant($"""
                  {credential.UserName}:
                    auth:
                      auth_url: {authUrl}
                      username: {Quote(credential.UserName)}
                      password: {Quote(credential.Password)}
                      project_name: {Quote(credential.ProjectName)}
                      user_domain_name: Default
                      project_domain_name: Default
                    region_name: {Quote(region)}
                    identity_api_version: 3
                    interface: public

                """));
            WriteSecret(Path.Combine(directory, credential.UserName + "-openrc.sh"), CultureInvariant($"""
                # Source this file to use the embedded cloud as {credential.UserName}: . {credential.UserName}-openrc.sh
                export OS_AUTH_URL={authUrl}
                export OS_IDENTITY_API_VERSION=3
                export OS_USERNAME='{credential.UserName}'
                export OS_PASSWORD='{credential.Password}'
                export OS_PROJECT_NAME='{credential.ProjectName}'
                export OS_USER_DOMAIN_NAME=Default
                export OS_PROJECT_DOMAIN_NAME=Default
                export OS_REGION_NAME='{region}'
                export OS_INTERFACE=public

                """));
        }

        WriteSecret(Path.Combine(directory, CloudsFile), yaml.ToString());
    }

    /// <summary>Points existing files at the new address (the port may change between runs).</summary>
    public static void UpdateAuthUrl(string directory, string baseUrl)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(CloudsFile, StringComparison.Ordinal) || f.EndsWith("-openrc.sh", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            WriteSecret(file, BaseUrlPattern().Replace(text, baseUrl));
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static void WriteSecret(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex BaseUrlPattern();
}
