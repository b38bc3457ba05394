using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Testing;

/// <summary>
/// A real embedded cloud on 127.0.0.1 (port chosen by the OS) with its own data directory, for tests over HTTP.
/// Records every log line, so a test can assert that nothing answered 5xx or threw.
/// </summary>
public sealed class TestCloud : IAsyncDisposable
{
    public const string AdminPassword = "admin-secret";
    public const string DemoPassword = "demo-secret";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private TestCloud(WebApplication app, string baseUrl, string dataDirectory, bool ownsDirectory, LogSink log)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Log = log;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public LogSink Log { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a cloud; pass a data directory to reopen one (restart tests), else a fresh one is made and removed at dispose.</summary>
    public static async Task<TestCloud> StartAsync(string? dataDirectory = null, string? profile = null, Func<CloudOptions, CloudOptions>? tune = null, Action<WebApplicationBuilder>? configure = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "nuvola-test-" + Guid.NewGuid().ToString("N"));
        var options = new CloudOptions
        {
            Port = 0,
            DataDirectory = dataDirectory,
            Profile = profile,
            AdminPassword = AdminPassword,
            DemoPassword = DemoPassword,
            PasswordIterations = 1_000,
        };
        options = tune?.Invoke(options) ?? options;
        var log = new LogSink();
        var app = CloudHost.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
            configure?.Invoke(builder);
        });
        var baseUrl = await CloudHost.StartAsync(app);
        return new TestCloud(app, baseUrl, dataDirectory, owns, log);
    }

    /// <summary>A project-scoped token for a user of the Default domain.</summary>
    public async Task<string> TokenAsync(string user = "admin", string? password = null, string? project = null)
    {
        password ??= user == "admin" ? AdminPassword : user == "demo" ? DemoPassword : throw new ArgumentException("give the password", nameof(password));
        project ??= user;
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["id"] = "default" }, ["password"] = password } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = project, ["domain"] = new JsonObject { ["id"] = "default" } } },
            },
        };
        using var response = await Http.PostAsync("/identity/v3/auth/tokens", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"token issue failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    /// <summary>An HttpClient that sends this token with every request.</summary>
    public HttpClient ClientWith(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Reads a JSON answer (for assertions).</summary>
    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("empty body");
}
