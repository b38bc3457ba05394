using Nuvola.Engine.Applying;
using Nuvola.Engine.State;
using Nuvola.Stacks.Loading;

namespace Nuvola.Stacks.Tests;

/// <summary>OS::Heat::Stack's context places a nested stack on another region or cloud; records keep their cloud.</summary>
public sealed class CloudContextTests : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nuvola-clouds-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FakeCloud _home = new();
    private readonly FakeCloud _homeR2 = new();
    private readonly FakeCloud _away = new();
    private readonly SqliteStateStore _store;

    public CloudContextTests() => _store = SqliteStateStore.Open(_dir, TimeProvider.System, _ => null);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private StackService Service(string? defaultCloud = "home", string? chosen = null) =>
        new(_store, new DriverRegistry([("home", (IResourceDriver)_home), ("home/R2", _homeR2), ("away", _away)]),
            new StackServiceOptions
            {
                DefaultCloud = defaultCloud,
                ChosenCloud = chosen,
                CheckCloud = name => name is "home" or "away" ? null : $"no cloud named '{name}' is configured",
            });

    private static readonly Dictionary<string, string> Files = new()
    {
        ["inner.yaml"] = """
            heat_template_version: 2021-04-16
            parameters:
              label: {type: string}
            resources:
              net:
                type: OS::Neutron::Net
                properties: {name: {get_param: label}}
            outputs:
              net_id: {value: {get_resource: net}}
            """,
    };

    private const string Template = """
        heat_template_version: 2021-04-16
        parameters:
          remote: {type: string, default: away}
        resources:
          net:
            type: OS::Neutron::Net
            properties: {name: root}
          elsewhere:
            type: OS::Heat::Stack
            properties:
              context: {cloud: {get_param: remote}}
              template: {get_file: inner.yaml}
              parameters: {label: {get_attr: [net, name]}}
          region:
            type: OS::Heat::Stack
            properties:
              context: {region_name: R2}
              template: {get_file: inner.yaml}
              parameters: {label: second-region}
        outputs:
          away_net: {value: {get_attr: [elsewhere, outputs, net_id]}}
        """;

    private static StackSource Source(string template = Template, params string[] parameters) => new()
    {
        TemplateFile = "main.yaml",
        TemplateText = template,
        Files = Files,
        Parameters = [.. parameters.Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1]))],
    };

    [Fact]
    public async Task NestedStacks_DeployOnTheContextsCloudAndRegion_AndOutputsCrossTheBoundary()
    {
        var result = await Service().DeployAsync("s", Source());

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(["net"], _home.Objects.Values.Select(o => o.Name));
        Assert.Equal(["elsewhere.net"], _away.Objects.Values.Select(o => o.Name));
        Assert.Equal(["region.net"], _homeR2.Objects.Values.Select(o => o.Name));
        Assert.Equal("root", _away.Objects.Values.Single().Properties.GetProperty("name").GetString());
        var records = (await _store.GetResourcesAsync("s")).ToDictionary(r => r.LogicalName);
        Assert.Equal("home", records["net"].Cloud);
        Assert.Equal("away", records["elsewhere.net"].Cloud);
        Assert.Equal("home/R2", records["region.net"].Cloud);
        Assert.Equal("home", records["elsewhere"].Cloud);
        var output = (await _store.GetOutputsAsync("s")).Single(o => o.Name == "away_net");
        Assert.Equal(_away.Objects.Values.Single().Id, output.Value.GetString());
        Assert.All((await _store.GetEventsAsync("s", null, 1000)).Events.Where(e => e.LogicalName == "elsewhere.net"),
            e => Assert.Equal("away", e.Cloud));

        var again = await Service().PlanAsync("s", Source());
        Assert.True(again.Plan!.IsEmpty, string.Join("\n", again.Plan.Changes.Select(c => $"{c.LogicalName}: {c.Reason}")));
    }

    [Fact]
    public async Task AnUnknownContextCloud_IsALocatedErrorAtPlanTime()
    {
        var result = await Service().PlanAsync("s", Source(Template, "remote=nowhere"));

        var error = Assert.Single(result.Diagnostics, d => d.Code == StackCodes.UnknownCloud);
        Assert.Contains("'nowhere'", error.Message);
        Assert.NotNull(error.Span);
        Assert.Null(result.Plan);
        Assert.Empty(_away.Objects);
    }

    [Fact]
    public async Task ADeployedStack_StaysOnItsCloud_WithoutBeingToldOtherwise()
    {
        Assert.True((await Service().DeployAsync("s", Source())).Succeeded);

        // Another default cloud (e.g. OS_CLOUD changed): the stack stays where it was recorded.
        var plan = await Service(defaultCloud: "away").PlanAsync("s", Source());

        Assert.True(plan.Plan!.IsEmpty);
    }

    [Fact]
    public async Task StateWithoutClouds_AsksForCloud_ThenRecordsItAndDestroys()
    {
        // A service with no named cloud writes records without one, as state from before clouds were recorded.
        var legacy = new StackService(_store, new DriverRegistry([_home]));
        Assert.True((await legacy.DeployAsync("old", Source("""
            heat_template_version: 2021-04-16
            resources:
              net: {type: OS::Neutron::Net, properties: {name: old}}
              value: {type: OS::Heat::Value, properties: {value: 1}}
            """))).Succeeded);
        Assert.All(await _store.GetResourcesAsync("old"), r => Assert.Null(r.Cloud));
        var version = (await _store.GetStackAsync("old"))!.Version;

        var refused = await Service().DestroyAsync("old");

        Assert.Contains(refused.Diagnostics, d => d.Code == StackCodes.CloudNotRecorded && d.Hint!.Contains("--cloud"));
        Assert.Equal(version, (await _store.GetStackAsync("old"))!.Version);
        Assert.Single(_home.Objects);

        var destroyed = await Service(chosen: "home").DestroyAsync("old");

        Assert.True(destroyed.Succeeded, string.Join("\n", destroyed.Diagnostics));
        Assert.Empty(_home.Objects);
        Assert.Null(await _store.GetStackAsync("old"));
    }

    [Fact]
    public async Task Destroy_WithACloudNoLongerConfigured_IsRefusedAndKeepsEveryRecord()
    {
        Assert.True((await Service().DeployAsync("s", Source())).Succeeded);
        var before = (await _store.GetResourcesAsync("s")).Select(r => r.LogicalName).ToList();
        var withoutAway = new StackService(_store,
            new DriverRegistry([("home", (IResourceDriver)_home), ("home/R2", _homeR2)]),
            new StackServiceOptions { DefaultCloud = "home" });

        var result = await withoutAway.DestroyAsync("s");

        var error = Assert.Single(result.Diagnostics, d => d.Code == StackCodes.CloudUnavailable);
        Assert.Contains("cloud 'away'", error.Message);
        Assert.Contains("elsewhere.net", error.Message);
        Assert.Equal(before, (await _store.GetResourcesAsync("s")).Select(r => r.LogicalName).ToList());
        Assert.Single(_home.Objects);
        Assert.Single(_away.Objects);
    }
}
