using System.Collections.Immutable;
using System.Text.Json;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Tests.Applying;

/// <summary>A stack on a SQLite state in a temporary directory, a fake cloud, and plan-then-apply in one call.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nuvola-apply-" + Guid.NewGuid().ToString("N")[..12]);

    public Harness(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Store = SqliteStateStore.Open(_dir, Time, _ => null);
    }

    public const string Stack = "demo";

    public TimeProvider Time { get; }

    public SqliteStateStore Store { get; }

    public FakeCloudDriver Cloud { get; } = new();

    public ResourceTypeSchemas Schemas { get; } = new ResourceTypeSchemas()
        .Add("Test::Server", ["name", "metadata"], ReplaceStrategy.CreateBeforeDelete)
        .Add("Test::Port", ["name"], ReplaceStrategy.DeleteBeforeCreate)
        .Add("Test::Password", [], secretAttributes: ["value"]);

    public static DesiredResource Resource(string name, string type, string properties, params string[] dependsOn) =>
        new(name, type, JsonDocument.Parse(properties).RootElement.Clone(), [.. dependsOn]);

    public async Task<Plan> PlanAsync(IEnumerable<DesiredResource> desired)
    {
        var stack = await Store.GetStackAsync(Stack);
        var recorded = await Store.GetResourcesAsync(Stack);
        return new Planner(Time).Create(new PlanRequest(Stack, [.. desired], recorded, stack?.Version ?? 0, Schemas));
    }

    public async Task<ApplyResult> ApplyAsync(IEnumerable<DesiredResource> desired, ApplyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(desired);
        return await Applier(options).ApplyAsync(plan, cancellationToken: cancellationToken);
    }

    public Applier Applier(ApplyOptions? options = null) =>
        new(Store, new DriverRegistry([Cloud]),
            (options ?? new ApplyOptions { Retry = RetryPolicy.None }) with { TimeProvider = Time }, Schemas);

    public async Task<ImmutableDictionary<string, ResourceRecord>> RecordsAsync() =>
        (await Store.GetResourcesAsync(Stack)).ToImmutableDictionary(r => r.LogicalName);

    public async Task<List<EngineEvent>> EventsAsync() =>
        [.. (await Store.GetEventsAsync(Stack, null, 10_000)).Events];

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
