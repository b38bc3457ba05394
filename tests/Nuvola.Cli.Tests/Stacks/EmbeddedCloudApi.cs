using System.Net.Http.Json;

namespace Nuvola.Cli.Tests.Stacks;

/// <summary>Reads an embedded cloud's objects through its own API, as the demo user of the clouds.yaml it wrote.</summary>
internal static class EmbeddedCloudApi
{
    /// <summary>The demo user's token, with the password from <paramref name="cloudDir"/>/clouds.yaml.</summary>
    public static async Task<string> TokenAsync(HttpClient http, string url, string cloudDir)
    {
        var clouds = File.ReadAllLines(Path.Combine(cloudDir, "clouds.yaml"));
        var demo = Array.FindIndex(clouds, l => l.Trim() == "demo:");
        var password = clouds.Skip(demo).First(l => l.Trim().StartsWith("password:", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Trim('\'');
        using var response = await http.PostAsJsonAsync(url + "/identity/v3/auth/tokens", new
        {
            auth = new
            {
                identity = new { methods = new[] { "password" }, password = new { user = new { name = "demo", domain = new { name = "Default" }, password } } },
                scope = new { project = new { name = "demo", domain = new { name = "Default" } } },
            },
        });
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    /// <summary>The HTTP status of a GET.</summary>
    public static async Task<int> GetStatusAsync(HttpClient http, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Auth-Token", token);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
