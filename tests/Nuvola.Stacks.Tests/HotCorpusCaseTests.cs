using System.Text.Json;
using Nuvola.Drivers.OpenStack;
using Nuvola.Engine.Applying;
using Nuvola.Engine.State;

namespace Nuvola.Stacks.Tests;

/// <summary>
/// The two kinds of public heat-templates that failed where Heat succeeds (issue 11 §5), validated, deployed and
/// destroyed with the real OpenStack driver on a real embedded cloud: a StructuredDeployment to a server, and a
/// ResourceGroup whose resource_def passes %index% to a number property.
/// </summary>
public sealed class HotCorpusCaseTests() : CloudStackTest(null, "demo")
{
    private StackService Service(SqliteStateStore store, StackServiceOptions? options = null) =>
        new(store, new DriverRegistry([Driver]), (options ?? new StackServiceOptions()) with
        {
            CheckConstraint = Driver.CheckConstraintAsync,
            CloudSchemas = new OpenStackTypeSchemas(),
        });

    private static string Failures(StackDeployResult result) => string.Join("\n", result.Diagnostics.Select(d => d.ToString())
        .Concat(result.Apply?.Failures.Select(f => $"{f.LogicalName}: {f.Message}") ?? []));

    [Fact]
    public async Task A_structured_deployment_to_a_server_deploys_with_its_inputs_in_the_config_and_destroys()
    {
        await using var store = SqliteStateStore.Open(StateDirectory, TimeProvider.System, _ => null);
        var options = new StackServiceOptions();
        var service = Service(store, options);
        var source = new StackSource
        {
            TemplateFile = "structured.yaml",
            TemplateText = """
                heat_template_version: 2021-04-16
                resources:
                  net:
                    type: OS::Neutron::Net
                  subnet:
                    type: OS::Neutron::Subnet
                    properties: {network: {get_resource: net}, cidr: 192.168.61.0/24}
                  server:
                    type: OS::Nova::Server
                    depends_on: subnet
                    properties:
                      image: cirros-0.6.2-x86_64-disk
                      flavor: m1.tiny
                      networks: [{network: {get_resource: net}}]
                      user_data_format: SOFTWARE_CONFIG
                  config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: os-apply-config
                      inputs: [{name: greeting}]
                      config: {app: {greeting: {get_input: greeting}, on: {get_input: deploy_server_id}}}
                  deployment:
                    type: OS::Heat::StructuredDeployment
                    properties:
                      config: {get_resource: config}
                      server: {get_resource: server}
                      input_values: {greeting: hello}
                      input_values_validate: STRICT
                      signal_transport: NO_SIGNAL
                outputs:
                  code: {value: {get_attr: [deployment, deploy_status_code]}}
                """,
        };

        var plan = await service.PlanAsync("structured", source);
        Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == Model.Diagnostics.Severity.Error);
        var result = await service.DeployAsync("structured", source);

        Assert.True(result.Succeeded, Failures(result));
        var server = (await store.GetResourcesAsync("structured")).Single(r => r.LogicalName == "server").PhysicalId!;
        var deployment = options.SoftwareDeployments.ForServer(server).Single();
        Assert.Equal("COMPLETE", deployment.Status);
        var app = deployment.Derived.Config!.Value.GetProperty("app");
        Assert.Equal(("hello", server), (app.GetProperty("greeting").GetString(), app.GetProperty("on").GetString()));

        var destroyed = await service.DestroyAsync("structured");
        Assert.True(destroyed.Succeeded, string.Join("\n", destroyed.Diagnostics));
        Assert.Empty(options.SoftwareDeployments.ForServer(server));
        Assert.Empty(await Driver.FindTaggedAsync("structured"));
    }

    [Fact]
    public async Task A_group_passing_its_index_to_a_number_property_validates_and_deploys_one_size_per_member()
    {
        await using var store = SqliteStateStore.Open(StateDirectory, TimeProvider.System, _ => null);
        var service = Service(store);
        var source = new StackSource
        {
            TemplateFile = "indexed.yaml",
            TemplateText = """
                heat_template_version: 2021-04-16
                resources:
                  volumes:
                    type: OS::Heat::ResourceGroup
                    properties:
                      count: 2
                      resource_def:
                        type: OS::Cinder::Volume
                        properties:
                          name: vol-%index%
                          size: "1%index%"
                  waits:
                    type: OS::Heat::ResourceGroup
                    properties:
                      count: 2
                      index_var: "%n%"
                      resource_def:
                        type: OS::Heat::TestResource
                        properties: {wait_secs: "%n%", value: "member %n%"}
                outputs:
                  values: {value: {get_attr: [waits, output]}}
                """,
        };

        var plan = await service.PlanAsync("indexed", source);
        Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == Model.Diagnostics.Severity.Error);
        var result = await service.DeployAsync("indexed", source);

        Assert.True(result.Succeeded, Failures(result));
        var volumes = (await store.GetResourcesAsync("indexed")).Where(r => r.Type == "OS::Cinder::Volume").OrderBy(r => r.LogicalName, StringComparer.Ordinal).ToList();
        var sizes = new List<(string?, long)>();
        foreach (var volume in volumes)
        {
            var read = await Driver.ReadAsync(volume.Type, volume.PhysicalId!, CancellationToken.None);
            sizes.Add((read!.Properties.GetProperty("name").GetString(), read.Properties.GetProperty("size").GetInt64()));
        }

        Assert.Equal([("vol-0", 10L), ("vol-1", 11L)], sizes);
        Assert.Equal(["member 0", "member 1"], (await store.GetOutputsAsync("indexed")).Single().Value.EnumerateArray().Select(e => e.GetString()));

        var destroyed = await service.DestroyAsync("indexed");
        Assert.True(destroyed.Succeeded, string.Join("\n", destroyed.Diagnostics));
        Assert.Empty(await Driver.FindTaggedAsync("indexed"));
    }
}
