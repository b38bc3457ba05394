using Nuvola.Drivers.OpenStack;
using Nuvola.Engine.Applying;
using Nuvola.Engine.State;

namespace Nuvola.Stacks.Tests;

/// <summary>
/// Injected boot failures on a real embedded cloud (a server whose name contains "fail-build" goes to ERROR) through the
/// real OpenStack driver: without rollback the failed deploy keeps what it made and the same deploy, once the cause is
/// gone, resumes (only the failed server is made again, the ERROR one is removed); with rollback nothing is left.
/// </summary>
public sealed class BootFailureTests() : CloudStackTest(null, "demo")
{
    private static StackSource Source(string second) => new()
    {
        TemplateFile = "boot.yaml",
        TemplateText = """
            heat_template_version: 2021-04-16
            parameters:
              second: {type: string}
            resources:
              net:
                type: OS::Neutron::Net
              subnet:
                type: OS::Neutron::Subnet
                properties: {network: {get_resource: net}, cidr: 192.168.60.0/24}
              first:
                type: OS::Nova::Server
                depends_on: subnet
                properties: {name: first, image: cirros-0.6.2-x86_64-disk, flavor: m1.tiny, networks: [{network: {get_resource: net}}]}
              second:
                type: OS::Nova::Server
                depends_on: subnet
                properties: {name: {get_param: second}, image: cirros-0.6.2-x86_64-disk, flavor: m1.tiny, networks: [{network: {get_resource: net}}]}
            """,
        Parameters = [new("second", second)],
    };

    private StackService Service(IStateStore store) => new(store, new DriverRegistry([Driver]), new StackServiceOptions
    {
        CloudSchemas = new OpenStackTypeSchemas(),
    });

    [Fact]
    public async Task A_boot_failure_without_rollback_keeps_the_rest_and_the_next_deploy_makes_only_the_failed_server()
    {
        await using var store = SqliteStateStore.Open(StateDirectory, TimeProvider.System, _ => null);
        var service = Service(store);

        var failed = await service.DeployAsync("resume", Source("second-fail-build"));
        var afterFailure = (await store.GetResourcesAsync("resume")).ToDictionary(r => r.LogicalName);
        var resumed = await service.DeployAsync("resume", Source("second"));
        var afterResume = (await store.GetResourcesAsync("resume")).ToDictionary(r => r.LogicalName);
        var servers = (await Driver.FindTaggedAsync("resume")).Where(t => t.Type == "OS::Nova::Server").ToList();
        var destroyed = await service.DestroyAsync("resume");

        Assert.False(failed.Succeeded);
        Assert.Contains(failed.Apply!.Failures, f => f.LogicalName == "second");
        Assert.Equal(ResourceStatus.Ready, afterFailure["first"].Status);
        Assert.True(resumed.Succeeded, string.Join("\n", resumed.Apply?.Failures.Select(f => f.Message) ?? []));
        foreach (var kept in new[] { "net", "subnet", "first" })
        {
            Assert.Equal(afterFailure[kept].PhysicalId, afterResume[kept].PhysicalId);
        }

        Assert.NotEqual(afterFailure.GetValueOrDefault("second")?.PhysicalId, afterResume["second"].PhysicalId);
        Assert.Equal(new[] { afterResume["first"].PhysicalId, afterResume["second"].PhysicalId }.Order(StringComparer.Ordinal),
            servers.Select(s => s.PhysicalId).Order(StringComparer.Ordinal));
        Assert.True(destroyed.Succeeded);
        Assert.Empty(await Driver.FindTaggedAsync("resume"));
    }

    [Fact]
    public async Task A_boot_failure_with_rollback_leaves_nothing_in_the_cloud()
    {
        await using var store = SqliteStateStore.Open(StateDirectory, TimeProvider.System, _ => null);
        var service = Service(store);

        var failed = await service.DeployAsync("undo", Source("second-fail-build"), new DeployOptions { Rollback = true });

        Assert.False(failed.Succeeded);
        Assert.True(failed.Apply!.RolledBack);
        Assert.Empty(await Driver.FindTaggedAsync("undo"));
        Assert.Empty(await store.GetResourcesAsync("undo"));
    }
}
