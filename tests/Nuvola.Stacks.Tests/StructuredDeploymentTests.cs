using System.Text.Json;
using Nuvola.Stacks.Deployments;

namespace Nuvola.Stacks.Tests;

/// <summary>OS::Heat::StructuredDeployment(s): a SoftwareDeployment whose derived config has the inputs put in place of {get_input: NAME}.</summary>
public sealed class StructuredDeploymentTests
{
    private const string Template = """
        heat_template_version: 2021-04-16
        parameters:
          validate: {type: string, default: LAX}
        resources:
          config:
            type: OS::Heat::StructuredConfig
            properties:
              group: os-apply-config
              inputs: [{name: port, default: 8080}]
              config:
                service:
                  port: {get_input: port}
                  name: {get_input: name}
                  server: {get_input: deploy_server_id}
                  missing: {get_input: nowhere}
                  list: [{get_input: name}, plain]
                  not_a_call: {get_input: name, other: 1}
          deployment:
            type: OS::Heat::StructuredDeployment
            properties:
              config: {get_resource: config}
              server: srv-1
              input_values: {name: web}
              input_values_validate: {get_param: validate}
              signal_transport: NO_SIGNAL
        """;

    private static Task<StackDeployResult> DeployAsync(StackFixture f, string template, string validate = "LAX") =>
        f.Service.DeployAsync(StackFixture.Stack, StackFixture.Source(template) with { Parameters = [new("validate", validate)] })
            .WaitAsync(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task The_derived_config_has_the_input_values_in_place_of_get_input()
    {
        var options = new StackServiceOptions();
        await using var f = new StackFixture(options);

        var result = await DeployAsync(f, Template);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var d = options.SoftwareDeployments.ForServer("srv-1").Single();
        Assert.Equal(("COMPLETE", "os-apply-config"), (d.Status, d.Derived.Group));
        var service = d.Derived.Config!.Value.GetProperty("service");
        Assert.Equal(8080, service.GetProperty("port").GetInt32());
        Assert.Equal("web", service.GetProperty("name").GetString());
        Assert.Equal("srv-1", service.GetProperty("server").GetString());
        Assert.Equal(JsonValueKind.Null, service.GetProperty("missing").ValueKind);
        Assert.Equal(["web", "plain"], service.GetProperty("list").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("name", service.GetProperty("not_a_call").GetProperty("get_input").GetString());
        var source = options.SoftwareDeployments.FindConfig(d.ConfigId)!;
        Assert.Equal("port", source.Config!.Value.GetProperty("service").GetProperty("port").GetProperty("get_input").GetString());

        Assert.True((await f.Service.DestroyAsync(StackFixture.Stack)).Succeeded);
        Assert.Empty(options.SoftwareDeployments.ForServer("srv-1"));
    }

    [Fact]
    public async Task Strict_validation_fails_on_an_input_without_a_value_as_heat_does()
    {
        var options = new StackServiceOptions();
        await using var f = new StackFixture(options);

        var result = await DeployAsync(f, Template, "STRICT");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Apply!.Failures, x => x.LogicalName == "deployment" && x.Message.Contains("The Parameter (nowhere) was not provided.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_custom_input_key_is_used_and_structured_deployments_make_one_per_server()
    {
        var options = new StackServiceOptions();
        await using var f = new StackFixture(options);
        const string group = """
            heat_template_version: 2021-04-16
            parameters:
              validate: {type: string, default: LAX}
            resources:
              config:
                type: OS::Heat::StructuredConfig
                properties:
                  config: {who: {my_input: deploy_resource_name}, kept: {get_input: deploy_resource_name}}
              deployments:
                type: OS::Heat::StructuredDeploymentGroup
                properties:
                  config: {get_resource: config}
                  servers: {a: srv-a, b: srv-b}
                  input_key: my_input
                  signal_transport: NO_SIGNAL
            outputs:
              codes: {value: {get_attr: [deployments, deploy_status_codes]}}
            """;

        var result = await DeployAsync(f, group);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        foreach (var (key, server) in new[] { ("a", "srv-a"), ("b", "srv-b") })
        {
            SoftwareDeploymentRecord d = options.SoftwareDeployments.ForServer(server).Single();
            Assert.Equal(key, d.Derived.Config!.Value.GetProperty("who").GetString());
            Assert.Equal(JsonValueKind.Object, d.Derived.Config!.Value.GetProperty("kept").ValueKind);
        }

        Assert.Equal(["a", "b"], (await f.OutputsAsync())["codes"].EnumerateObject().Select(p => p.Name));
    }
}
