using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Tests.Compute.Servers;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hosting;

/// <summary>
/// JSON that parses nowhere else the same way — a lone surrogate, invalid UTF-8, a duplicate key — and values of the
/// wrong JSON type, sent to the POST/PUT routes of every service: each answer is the service's own 400 body and the
/// server logs nothing unhandled.
/// </summary>
public sealed class BadJsonTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;
    private string _projectId = null!;
    private string _userId = null!;
    private string _serverId = null!;
    private string _networkId = null!;

    private enum Service
    {
        Identity,
        Compute,
        Network,
        Image,
        Volume,
        Orchestration,
    }

    public async Task InitializeAsync()
    {
        _cloud = await ServerCloud.StartAsync();
        using var projects = await _cloud.Demo.GetAsync("/identity/v3/auth/projects");
        _projectId = (await TestCloud.JsonAsync(projects))["projects"]!.AsArray().First(p => p!["name"]!.ToString() == "demo")!["id"]!.ToString();
        using var users = await _cloud.Admin.GetAsync("/identity/v3/users?name=demo");
        _userId = (await TestCloud.JsonAsync(users))["users"]![0]!["id"]!.ToString();
        _serverId = await _cloud.CreateAsync(_cloud.Demo, "target");
        _networkId = _cloud.NetworkId;
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    /// <summary>Bodies that break the JSON reading itself; &lt; and &gt; open and close the route's wrapper object, if it has one.</summary>
    private static readonly (string Name, byte[] Body)[] BrokenBodies =
    [
        ("lone high surrogate", Utf8("{<\"name\": \"\\ud800\">}")),
        ("lone low surrogate", Utf8("{<\"name\": \"a\\udc00b\">}")),
        ("surrogate in a key", Utf8("{<\"\\ud800\": \"x\">}")),
        ("duplicate key", Utf8("{<\"name\": \"a\", \"name\": \"b\">}")),
        ("duplicate wrapper", Utf8("{<\"name\": \"a\">, \"x\": 1, \"x\": 2}")),
        ("invalid UTF-8", [.. Utf8("{<\"name\": \""), 0xff, 0xfe, .. Utf8("\">}")]),
        ("overlong UTF-8", [.. Utf8("{<\"name\": \"a"), 0xc0, 0xaf, .. Utf8("\">}")]),
    ];

    private (Service Service, HttpMethod Method, string Path, string? Wrapper, bool Anonymous)[] Routes =>
    [
        (Service.Identity, HttpMethod.Post, "/identity/v3/auth/tokens", "auth", true),
        (Service.Identity, HttpMethod.Post, "/identity/v3/projects", "project", false),
        (Service.Identity, HttpMethod.Post, $"/identity/v3/users/{_userId}/application_credentials", "application_credential", false),
        (Service.Compute, HttpMethod.Post, "/compute/v2.1/servers", "server", false),
        (Service.Compute, HttpMethod.Put, $"/compute/v2.1/servers/{_serverId}", "server", false),
        (Service.Compute, HttpMethod.Post, $"/compute/v2.1/servers/{_serverId}/action", "reboot", false),
        (Service.Compute, HttpMethod.Post, "/compute/v2.1/os-keypairs", "keypair", false),
        (Service.Network, HttpMethod.Post, "/network/v2.0/networks", "network", false),
        (Service.Network, HttpMethod.Put, $"/network/v2.0/networks/{_networkId}", "network", false),
        (Service.Network, HttpMethod.Post, "/network/v2.0/security-groups", "security_group", false),
        (Service.Image, HttpMethod.Post, "/image/v2/images", null, false),
        (Service.Volume, HttpMethod.Post, $"/volume/v3/{_projectId}/volumes", "volume", false),
        (Service.Orchestration, HttpMethod.Post, $"/heat-api/v1/{_projectId}/stacks", null, false),
        (Service.Orchestration, HttpMethod.Post, $"/heat-api/v1/{_projectId}/validate", null, false),
    ];

    [Fact]
    public async Task Broken_json_on_every_service_is_its_own_400()
    {
        var failures = new List<string>();
        foreach (var route in Routes)
        {
            foreach (var (name, template) in BrokenBodies)
            {
                var body = Wrap(template, route.Wrapper);
                var failure = await SendAsync(route.Service, route.Method, route.Path, body, "application/json", route.Anonymous);
                if (failure is not null)
                {
                    failures.Add($"{route.Method} {route.Path} ({name}): {failure}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.DoesNotContain(_cloud.Cloud.Log.Lines, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    private static readonly (Service Service, string Path, string Body)[] WrongTypes =
    [
        // path with {server}, {user}, {project}
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"reboot\": \"x\"}"),
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"addSecurityGroup\": false}"),
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"removeSecurityGroup\": [1]}"),
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"resize\": \"-1\"}"),
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"rebuild\": 7}"),
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"createImage\": null}"),
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"changePassword\": \"secret\"}"),
        (Service.Compute, "/compute/v2.1/servers/{server}/action", "{\"os-getConsoleOutput\": 5}"),
        (Service.Identity, "/identity/v3/users/{user}/application_credentials", "{\"application_credential\": {\"name\": \"c\", \"roles\": [\"member\"]}}"),
        (Service.Identity, "/identity/v3/users/{user}/application_credentials", "{\"application_credential\": {\"name\": \"c\", \"roles\": [1, null]}}"),
        (Service.Orchestration, "/heat-api/v1/{project}/stacks", "{\"stack_name\": \"s\", \"template\": {\"heat_template_version\": \"2018-08-31\"}, \"environment_files\": [1]}"),
        (Service.Orchestration, "/heat-api/v1/{project}/stacks", "{\"stack_name\": \"s\", \"template\": {\"heat_template_version\": \"2018-08-31\"}, \"environment_files\": [{}], \"files\": {}}"),
    ];

    [Fact]
    public async Task A_value_of_the_wrong_json_type_is_the_services_400()
    {
        var failures = new List<string>();
        foreach (var (service, template, body) in WrongTypes)
        {
            var path = template.Replace("{server}", _serverId, StringComparison.Ordinal)
                .Replace("{user}", _userId, StringComparison.Ordinal)
                .Replace("{project}", _projectId, StringComparison.Ordinal);

            var failure = await SendAsync(service, HttpMethod.Post, path, Utf8(body), "application/json", anonymous: false);
            if (failure is not null)
            {
                failures.Add($"POST {template} {body}: {failure}");
            }
        }

        Assert.Empty(failures);
        Assert.DoesNotContain(_cloud.Cloud.Log.Lines, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    private static byte[] Wrap(byte[] template, string? wrapper)
    {
        var text = Encoding.Latin1.GetString(template);
        var open = wrapper is null ? string.Empty : $"\"{wrapper}\": {{";
        var close = wrapper is null ? string.Empty : "}";
        return Encoding.Latin1.GetBytes(text.Replace("<", open, StringComparison.Ordinal).Replace(">", close, StringComparison.Ordinal));
    }

    /// <summary>Sends raw bytes; null when the answer is a 400 in the service's own shape, else what was wrong.</summary>
    private async Task<string?> SendAsync(Service service, HttpMethod method, string path, byte[] body, string contentType, bool anonymous)
    {
        // The demo member everywhere (the routes are its own), but creating a project takes the admin.
        var client = anonymous ? _cloud.Cloud.Http : path == "/identity/v3/projects" ? _cloud.Admin : _cloud.Demo;
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 400)
        {
            return $"{(int)response.StatusCode} {text}";
        }

        if (service == Service.Image)
        {
            // Glance answers its 4xx as webob's page.
            return text.Contains("<h1>400 Bad Request</h1>", StringComparison.Ordinal) ? null : "not Glance's page: " + text;
        }

        var json = JsonNode.Parse(text) as JsonObject;
        var shaped = service switch
        {
            Service.Identity => json?["error"]?["code"]?.GetValue<int>() == 400,
            Service.Compute or Service.Volume => json?["badRequest"]?["code"]?.GetValue<int>() == 400,
            Service.Network => json?["NeutronError"]?["type"] is not null && json["NeutronError"]!["message"] is not null,
            _ => json?["code"]?.GetValue<int>() == 400 && json["error"]?["type"] is not null && json["explanation"] is not null,
        };
        return shaped ? null : $"not the {service} error shape: {text}";
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
