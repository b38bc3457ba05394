using System.Collections.Immutable;
using System.Text.Json;
using Nuvola.Engine.State;

namespace Nuvola.Cli.Tests.Stacks;

/// <summary>A real SQLite state in a temporary NUVOLA_HOME with one recorded stack, for the read commands.</summary>
internal sealed class StateFixture : IDisposable
{
    public StateFixture() => Directory.CreateDirectory(Home);

    public string Home { get; } = Path.Combine(Path.GetTempPath(), "nuvola-cli-state-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["NUVOLA_HOME"] = Home, ["NUVOLA_STATE_KEY"] = null };

    /// <summary>Records stack <paramref name="name"/>: CREATE_COMPLETE, one network, two events, a plain and a secret output.</summary>
    public async Task RecordAsync(string name)
    {
        await using var store = SqliteStateStore.Open(Home);
        var stack = await store.EnsureStackAsync(name);
        await store.PutResourceAsync(name, new ResourceRecord("net", "OS::Neutron::Net", "8d5c6f1e-net",
            Json("""{"name":"web-net"}"""), Json("{}"), ResourceStatus.Ready,
            ImmutableDictionary<string, string>.Empty, [], []));
        var time = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        await store.AppendEventAsync(new EngineEvent(0, name, "net", "OS::Neutron::Net", EventAction.Create, EventStatus.InProgress, null, time));
        await store.AppendEventAsync(new EngineEvent(0, name, "net", "OS::Neutron::Net", EventAction.Create, EventStatus.Complete, "state changed", time.AddSeconds(1), PhysicalId: "8d5c6f1e-net"));
        await store.SetOutputsAsync(name, [
            new OutputRecord("greeting", Json("\"Hello, world!\""), "A greeting"),
            new OutputRecord("password", Json("\"s3cret-value\""), Secret: true),
            new OutputRecord("ports", Json("[1, 2]")),
        ]);
        stack = (await store.GetStackAsync(name))!;
        await store.UpdateStackAsync(stack with { Action = StackAction.Create, Status = StackStatus.Complete });
    }

    public async Task<bool> ExistsAsync(string name)
    {
        await using var store = SqliteStateStore.Open(Home);
        return await store.GetStackAsync(name) is not null;
    }

    public void Dispose()
    {
        if (Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
