using Nuvola.Drivers.OpenStack;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Engine.Applying;
using Nuvola.Engine.State;
using Nuvola.Testing;

namespace Nuvola.Stacks.Tests;

/// <summary>The stack service with the real OpenStack driver against a real embedded cloud (127.0.0.1).</summary>
public sealed class EmbeddedCloudTests() : CloudStackTest(null, "demo")
{
    [Fact]
    public async Task A_network_a_group_of_servers_and_their_outputs_deploy_and_destroy_leaving_nothing()
    {
        await using var store = SqliteStateStore.Open(StateDirectory, TimeProvider.System, _ => null);
        var service = new StackService(store, new DriverRegistry([Driver]), new StackServiceOptions
        {
            CheckConstraint = Driver.CheckConstraintAsync,
            CloudSchemas = new OpenStackTypeSchemas(),
        });
        var source = new StackSource
        {
            TemplateFile = "web.yaml",
            TemplateText = """
                heat_template_version: 2021-04-16
                parameters:
                  flavor:
                    type: string
                    default: m1.tiny
                    constraints: [{custom_constraint: nova.flavor}]
                resources:
                  net:
                    type: OS::Neutron::Net
                    properties: {name: e2e-net}
                  subnet:
                    type: OS::Neutron::Subnet
                    properties: {network: {get_resource: net}, cidr: 192.168.50.0/24}
                  web:
                    type: OS::Heat::ResourceGroup
                    properties:
                      count: 2
                      resource_def:
                        type: OS::Nova::Server
                        properties:
                          name: web-%index%
                          image: cirros-0.6.2-x86_64-disk
                          flavor: {get_param: flavor}
                          networks: [{network: {get_resource: net}}]
                    depends_on: subnet
                outputs:
                  addresses: {value: {get_attr: [web, first_address]}}
                """,
        };

        var bad = await service.PlanAsync("e2e", source with { Parameters = [new("flavor", "m1.enormous")] });
        Assert.Contains(bad.Diagnostics, d => d.Message.Contains("m1.enormous", StringComparison.Ordinal));
        var result = await service.DeployAsync("e2e", source);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Concat(
            result.Apply?.Failures.Select(f => new Model.Diagnostics.Diagnostic(Model.Diagnostics.Severity.Error, "x", $"{f.LogicalName}: {f.Message}")) ?? [])));
        var addresses = (await store.GetOutputsAsync("e2e")).Single().Value;
        Assert.All(addresses.EnumerateArray(), a => Assert.StartsWith("192.168.50.", a.GetString(), StringComparison.Ordinal));
        Assert.Equal(2, addresses.GetArrayLength());
        Assert.True((await service.PlanAsync("e2e", source)).Plan!.IsEmpty);

        var destroyed = await service.DestroyAsync("e2e");
        Assert.True(destroyed.Succeeded, string.Join("\n", destroyed.Diagnostics));
        Assert.Empty(await Driver.FindTaggedAsync("e2e"));
    }
}
