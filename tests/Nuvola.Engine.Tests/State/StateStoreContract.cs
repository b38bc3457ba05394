using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Tests.State;

/// <summary>What every <see cref="IStateStore"/> must do; run against SQLite and a real PostgreSQL server.</summary>
public abstract class StateStoreContract
{
    protected const string Secret = "s3cr3t-Pa55w0rd-7f1c";

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    protected string Stack { get; } = "stack-" + Guid.NewGuid().ToString("N")[..8];

    protected abstract IStateStore CreateStore();

    /// <summary>Every byte the store has written where it keeps data (files, tables).</summary>
    protected abstract Task<byte[]> StoredBytesAsync();

    protected static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    protected static ResourceRecord Resource(string name, string properties = "{}", string attributes = "{}",
        params string[] secretKeys) =>
        new(name, "OS::Nova::Server", "id-" + name, Json(properties), Json(attributes), ResourceStatus.Ready,
            ImmutableDictionary<string, string>.Empty.Add("nuvola-stack", "s"), ["net"], [.. secretKeys]);

    [Fact]
    public async Task Stack_IsCreatedOnce_AndVersionsGrowWithEveryChange()
    {
        await using var store = CreateStore();

        var first = await store.EnsureStackAsync(Stack);
        var again = await store.EnsureStackAsync(Stack);
        await store.PutResourceAsync(Stack, Resource("a"));
        var after = await store.GetStackAsync(Stack);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, first.Version);
        Assert.Equal(2, after!.Version);
        Assert.Contains(await store.ListStacksAsync(), s => s.Name == Stack);
    }

    [Fact]
    public async Task UpdateStack_FromAStaleVersion_IsAConflict()
    {
        await using var store = CreateStore();
        var stack = await store.EnsureStackAsync(Stack);
        var updated = await store.UpdateStackAsync(stack with { Status = StackStatus.InProgress });

        await Assert.ThrowsAsync<StateConflictException>(() => store.UpdateStackAsync(stack with { Status = StackStatus.Failed }));
        Assert.Equal(StackStatus.InProgress, (await store.GetStackAsync(Stack))!.Status);
        Assert.Equal(stack.Version + 1, updated.Version);
    }

    [Fact]
    public async Task Resources_RoundTrip_WithOptimisticVersions()
    {
        await using var store = CreateStore();
        await store.EnsureStackAsync(Stack);

        var saved = await store.PutResourceAsync(Stack, Resource("web", """{"name":"web","flavor":"m1.small"}""",
            """{"first_address":"10.0.0.5"}"""));
        var read = Assert.Single(await store.GetResourcesAsync(Stack));
        var changed = await store.PutResourceAsync(Stack, read with { Status = ResourceStatus.Failed, StatusReason = "boom" });

        Assert.Equal(1, saved.Version);
        Assert.Equal("m1.small", read.Properties.GetProperty("flavor").GetString());
        Assert.Equal("10.0.0.5", read.Attributes.GetProperty("first_address").GetString());
        Assert.Equal(["net"], read.DependsOn.ToArray());
        Assert.Equal("s", read.Tags["nuvola-stack"]);
        Assert.Equal(2, changed.Version);
        await Assert.ThrowsAsync<StateConflictException>(() => store.PutResourceAsync(Stack, read));
        await Assert.ThrowsAsync<StateConflictException>(() => store.PutResourceAsync(Stack, Resource("web")));

        await store.DeleteResourceAsync(Stack, "web");
        Assert.Empty(await store.GetResourcesAsync(Stack));
    }

    [Fact]
    public async Task Events_ArePagedInOrder()
    {
        await using var store = CreateStore();
        await store.EnsureStackAsync(Stack);
        for (var i = 0; i < 7; i++)
        {
            await store.AppendEventAsync(new EngineEvent(0, Stack, $"r{i}", "OS::Nova::Server", EventAction.Create,
                EventStatus.Complete, null, Clock.GetUtcNow(), $"req-{i}"));
        }

        var seen = new List<string>();
        long? after = null;
        var pages = 0;
        do
        {
            var page = await store.GetEventsAsync(Stack, after, 3);
            seen.AddRange(page.Events.Select(e => e.LogicalName));
            after = page.NextAfter;
            pages++;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"r{i}"), seen);
        Assert.Equal(3, pages);
        Assert.Equal("req-6", (await store.GetEventsAsync(Stack, null, 100)).Events[^1].RequestId);
    }

    [Fact]
    public async Task Outputs_AndPlans_RoundTrip()
    {
        await using var store = CreateStore();
        await store.EnsureStackAsync(Stack);

        await store.SetOutputsAsync(Stack, [new OutputRecord("ip", Json("\"10.0.0.5\""), "the address"),
            new OutputRecord("password", Json($"\"{Secret}\""), Secret: true),
            new OutputRecord("url", Json("null"), Error: "server has no address")]);
        await store.SavePlanAsync(new PlanRecord("p1", Stack, Clock.GetUtcNow(), """{"changes":[]}"""));

        var outputs = await store.GetOutputsAsync(Stack);
        Assert.Equal(["ip", "password", "url"], outputs.Select(o => o.Name));
        Assert.Equal(Secret, outputs[1].Value.GetString());
        Assert.True(outputs[1].Secret);
        Assert.Null(outputs[0].Error);
        Assert.Equal("server has no address", outputs[2].Error);
        Assert.Equal("""{"changes":[]}""", (await store.GetPlanAsync(Stack, "p1"))!.Json);
        Assert.Null(await store.GetPlanAsync(Stack, "p2"));
    }

    [Fact]
    public async Task Lease_SecondHolderIsRefusedWithTheHolderNamed_UntilTheLeaseExpires()
    {
        await using var store = CreateStore();
        var alice = await store.AcquireLeaseAsync(Stack, "alice@host1 pid 11", TimeSpan.FromMinutes(2));

        var refused = await Assert.ThrowsAsync<StackLockedException>(() =>
            store.AcquireLeaseAsync(Stack, "bob@host2 pid 22", TimeSpan.FromMinutes(2)));
        Assert.Equal("alice@host1 pid 11", refused.Holder);
        Assert.Contains("alice@host1 pid 11", refused.Message);

        Clock.Advance(TimeSpan.FromMinutes(1));
        alice = await store.RenewLeaseAsync(alice, TimeSpan.FromMinutes(2));
        Clock.Advance(TimeSpan.FromMinutes(1.5));
        await Assert.ThrowsAsync<StackLockedException>(() =>
            store.AcquireLeaseAsync(Stack, "bob@host2 pid 22", TimeSpan.FromMinutes(2)));

        Clock.Advance(TimeSpan.FromMinutes(1));
        var bob = await store.AcquireLeaseAsync(Stack, "bob@host2 pid 22", TimeSpan.FromMinutes(2));
        await Assert.ThrowsAsync<LeaseLostException>(() => store.RenewLeaseAsync(alice, TimeSpan.FromMinutes(2)));
        await store.ReleaseLeaseAsync(alice);
        await Assert.ThrowsAsync<StackLockedException>(() =>
            store.AcquireLeaseAsync(Stack, "carol", TimeSpan.FromMinutes(2)));
        await store.ReleaseLeaseAsync(bob);
        await store.ReleaseLeaseAsync(await store.AcquireLeaseAsync(Stack, "carol", TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task Secrets_AreReadBack_ButNeverStoredInClear()
    {
        await using (var store = CreateStore())
        {
            await store.EnsureStackAsync(Stack);
            await store.PutResourceAsync(Stack, Resource("pw",
                $$"""{"length":32,"admin_pass":"{{Secret}}"}""", $$"""{"value":"{{Secret}}-attr"}""",
                "admin_pass", "value"));
            await store.SetOutputsAsync(Stack, [new OutputRecord("pw", Json($"\"{Secret}-out\""), Secret: true)]);
            await store.SavePlanAsync(new PlanRecord("p", Stack, Clock.GetUtcNow(), $$"""{"admin_pass":"{{Secret}}-plan"}"""));

            var read = Assert.Single(await store.GetResourcesAsync(Stack));
            Assert.Equal(Secret, read.Properties.GetProperty("admin_pass").GetString());
            Assert.Equal(32, read.Properties.GetProperty("length").GetInt32());
            Assert.Equal(Secret + "-attr", read.Attributes.GetProperty("value").GetString());
        }

        var bytes = await StoredBytesAsync();
        Assert.True(bytes.Length > 0);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("s3cr3t")));
        // the non-secret property is there in clear: the scan does see the data
        Assert.NotEqual(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("\"length\":32")));
    }
}
