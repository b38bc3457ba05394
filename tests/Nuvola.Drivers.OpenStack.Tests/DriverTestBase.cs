using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Engine.Applying;
using Nuvola.Testing;

namespace Nuvola.Drivers.OpenStack.Tests;

/// <summary>A real embedded cloud per test class and a driver on it, configured from the cloud's own clouds.yaml
/// (as user demo unless a test asks for admin). Disposal asserts the cloud logged no fault (5xx, error).</summary>
public abstract class DriverTestBase : IAsyncLifetime
{
    protected const string Stack = "teststack";

    protected TestCloud Cloud { get; private set; } = null!;

    protected OpenStackDriver Driver { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Cloud = await TestCloud.StartAsync();
        Driver = DriverFor("demo");
    }

    public virtual async Task DisposeAsync()
    {
        Driver.Dispose();
        Assert.Empty(Cloud.Log.Faults());
        await Cloud.DisposeAsync();
    }

    /// <summary>A driver for a user of the cloud's clouds.yaml (admin or demo).</summary>
    protected OpenStackDriver DriverFor(string cloud) =>
        OpenStackDriver.FromConfig(CloudConfigLoader.Load(cloud, new ConfigSources(_ => null, Cloud.DataDirectory, "/nonexistent", "/nonexistent")),
            options: FastPolling);

    protected static OpenStackDriverOptions FastPolling { get; } = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(10),
        MaxPollInterval = TimeSpan.FromMilliseconds(100),
        ReadyTimeout = TimeSpan.FromSeconds(60),
        DeleteTimeout = TimeSpan.FromSeconds(60),
    };

    protected static ResourceSpec Spec(string name, string type, object properties) =>
        new(Stack, name, type, JsonSerializer.SerializeToElement(properties), EngineTags.For(Stack, name));

    protected static ResourceSpec Spec(string name, string type, JsonObject properties) =>
        new(Stack, name, type, JsonSerializer.SerializeToElement(properties), EngineTags.For(Stack, name));

    protected static JsonObject Attrs(ResourceSnapshot snapshot) => JsonNode.Parse(snapshot.Attributes.GetRawText())!.AsObject();

    protected static JsonObject Props(ResourceSnapshot snapshot) => JsonNode.Parse(snapshot.Properties.GetRawText())!.AsObject();

    /// <summary>Create → read → update → delete → read null → delete again, the life every handler must support.</summary>
    protected async Task<(ResourceSnapshot Created, ResourceSnapshot Updated)> LifecycleAsync(ResourceSpec create, ResourceSpec update,
        Action<JsonObject>? checkCreated = null, Action<JsonObject>? checkUpdated = null)
    {
        var created = await Driver.CreateAsync(create);
        Assert.False(string.IsNullOrEmpty(created.PhysicalId));
        checkCreated?.Invoke(Attrs(created));
        var read = await Driver.ReadAsync(create.Type, created.PhysicalId);
        Assert.NotNull(read);
        Assert.Equal(created.PhysicalId, read.PhysicalId);
        checkCreated?.Invoke(Attrs(read));

        var updated = await Driver.UpdateAsync(update, created);
        checkUpdated?.Invoke(Attrs(updated));
        var readUpdated = await Driver.ReadAsync(update.Type, updated.PhysicalId);
        Assert.NotNull(readUpdated);
        checkUpdated?.Invoke(Attrs(readUpdated));

        await Driver.DeleteAsync(create.Type, updated.PhysicalId);
        Assert.Null(await Driver.ReadAsync(create.Type, updated.PhysicalId));
        await Driver.DeleteAsync(create.Type, updated.PhysicalId);
        return (created, updated);
    }

    protected static string? Str(JsonNode? node) => node?.GetValue<string>();

    protected static ImmutableArray<string> Strings(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(n => n!.GetValue<string>())];
}
