using System.Text.Json;
using Nuvola.Engine.Applying;
using Nuvola.Engine.State;

namespace Nuvola.Stacks.Tests;

/// <summary>A stack service on a real SQLite state in a temporary directory, with a fake cloud.</summary>
internal sealed class StackFixture : IAsyncDisposable
{
    public const string Stack = "demo";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nuvola-stacks-" + Guid.NewGuid().ToString("N")[..12]);

    public StackFixture(StackServiceOptions? options = null)
    {
        Store = SqliteStateStore.Open(_dir, TimeProvider.System, _ => null);
        Service = new StackService(Store, new DriverRegistry([Cloud]), options);
    }

    public string Directory => _dir;

    public SqliteStateStore Store { get; }

    public FakeCloud Cloud { get; } = new();

    public StackService Service { get; }

    public static StackSource Source(string template, IReadOnlyDictionary<string, string>? files = null,
        params string[] environments) => new()
        {
            TemplateFile = "main.yaml",
            TemplateText = template,
            Files = files ?? new Dictionary<string, string>(),
            EnvironmentTexts = environments,
        };

    public Task<StackDeployResult> DeployAsync(string template, DeployOptions? options = null,
        IReadOnlyDictionary<string, string>? files = null, params string[] environments) =>
        Service.DeployAsync(Stack, Source(template, files, environments), options);

    public async Task<Dictionary<string, ResourceRecord>> RecordsAsync() =>
        (await Store.GetResourcesAsync(Stack)).ToDictionary(r => r.LogicalName);

    public async Task<Dictionary<string, JsonElement>> OutputsAsync() =>
        (await Store.GetOutputsAsync(Stack)).ToDictionary(o => o.Name, o => o.Value);

    /// <summary>Polls until <paramref name="condition"/> holds (10 s deadline).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        System.IO.Directory.Delete(_dir, recursive: true);
    }
}
