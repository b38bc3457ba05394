using Nuvola.Drivers.OpenStack;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Engine.Applying;
using Nuvola.Engine.State;
using Nuvola.Testing;

namespace Nuvola.Stacks.Tests;

/// <summary>examples/fg-instance.hot.yaml deployed with the OpenStack driver on an embedded cloud with the fg-cloud profile.</summary>
public sealed class ExampleDeployTests() : CloudStackTest("fg-cloud", "nom_utilisateur")
{
    [Fact]
    public async Task The_fg_instance_example_deploys_shows_its_outputs_and_is_destroyed_leaving_nothing()
    {
        await using var store = SqliteStateStore.Open(StateDirectory, TimeProvider.System, _ => null);
        var service = new StackService(store, new DriverRegistry([Driver]), new StackServiceOptions
        {
            CheckConstraint = Driver.CheckConstraintAsync,
            CloudSchemas = new OpenStackTypeSchemas(),
        });
        var source = new StackSource { TemplateFile = Path.Combine(Repository.Root, "examples", "fg-instance.hot.yaml") };

        var result = await service.DeployAsync("fg", source);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.ToString()).Concat(
            result.Apply?.Failures.Select(f => $"{f.LogicalName}: {f.Message}") ?? [])));
        var outputs = (await store.GetOutputsAsync("fg")).ToDictionary(o => o.Name);
        Assert.False(string.IsNullOrEmpty(outputs["instance_ip"].Value.GetString()));
        Assert.Equal((await store.GetResourcesAsync("fg")).Single(r => r.LogicalName == "fg_volume").PhysicalId,
            outputs["volume_id"].Value.GetString());
        Assert.Contains("fg_key", (await store.GetResourcesAsync("fg")).Select(r => r.LogicalName));

        var destroyed = await service.DestroyAsync("fg");
        Assert.True(destroyed.Succeeded, string.Join("\n", destroyed.Diagnostics));
        Assert.Empty(await Driver.FindTaggedAsync("fg"));
        Assert.Null(await store.GetStackAsync("fg"));
    }
}
