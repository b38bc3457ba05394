using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nuvola.Stacks.Deployments;

namespace Nuvola.Stacks.Tests;

public sealed class SoftwareDeploymentTests
{
    private const string Template = """
        heat_template_version: 2021-04-16
        parameters:
          transport: {type: string, default: CFN_SIGNAL}
        resources:
          config:
            type: OS::Heat::SoftwareConfig
            properties:
              group: script
              inputs: [{name: foo}, {name: bar, default: dflt}]
              outputs: [{name: result}]
              config: echo hello
          deployment:
            type: OS::Heat::SoftwareDeployment
            properties:
              config: {get_resource: config}
              server: srv-1
              input_values: {foo: fooooo, extra: 3}
              signal_transport: {get_param: transport}
        outputs:
          result: {value: {get_attr: [deployment, result]}}
          stdout: {value: {get_attr: [deployment, deploy_stdout]}}
          code: {value: {get_attr: [deployment, deploy_status_code]}}
        """;

    private static Dictionary<string, JsonElement> Inputs(SoftwareDeploymentRecord d) =>
        d.Derived.Inputs!.Value.EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("value"));

    private static async Task<SoftwareDeploymentRecord> WaitForDeploymentAsync(SoftwareDeploymentStore store, string server)
    {
        await StackFixture.WaitUntilAsync(() => Task.FromResult(store.ForServer(server).Count > 0), "the deployment");
        return store.ForServer(server)[0];
    }

    [Fact]
    public async Task A_deployment_waits_for_its_signal_and_takes_the_outputs()
    {
        var options = new StackServiceOptions { DeploymentSignalUrl = (id, token) => $"http://127.0.0.1:9/signal/{id}?token={token}" };
        await using var f = new StackFixture(options);
        var deploy = f.DeployAsync(Template);
        var d = await WaitForDeploymentAsync(options.SoftwareDeployments, "srv-1");
        Assert.Equal("IN_PROGRESS", d.Status);
        Assert.False(deploy.IsCompleted);

        var inputs = Inputs(d);
        Assert.Equal("fooooo", inputs["foo"].GetString());
        Assert.Equal("dflt", inputs["bar"].GetString());
        Assert.Equal(3, inputs["extra"].GetInt32());
        Assert.Equal("srv-1", inputs["deploy_server_id"].GetString());
        Assert.Equal("CREATE", inputs["deploy_action"].GetString());
        Assert.Equal("deployment", inputs["deploy_resource_name"].GetString());
        Assert.Equal("CFN_SIGNAL", inputs["deploy_signal_transport"].GetString());
        Assert.Equal($"http://127.0.0.1:9/signal/{d.Id}?token={d.SignalToken}", inputs["deploy_signal_id"].GetString());
        Assert.Equal("script", d.Derived.Group);
        Assert.Equal("echo hello", d.Derived.Config!.Value.GetString());
        var metadata = options.SoftwareDeployments.Metadata("srv-1");
        Assert.Equal(d.Derived.Id, metadata.Single()!["id"]!.ToString());

        Assert.True(options.SoftwareDeployments.Signal(d.Id,
            JsonSerializer.SerializeToElement(new { deploy_stdout = "out", deploy_status_code = 0, result = "42" }), DateTimeOffset.UtcNow));
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var outputs = await f.OutputsAsync();
        Assert.Equal("42", outputs["result"].GetString());
        Assert.Equal("out", outputs["stdout"].GetString());
        Assert.Equal("COMPLETE", options.SoftwareDeployments.Find(d.Id)!.Status);
        Assert.Equal("Outputs received", options.SoftwareDeployments.Find(d.Id)!.StatusReason);

        var destroyed = await f.Service.DestroyAsync(StackFixture.Stack);
        Assert.True(destroyed.Succeeded);
        Assert.Empty(options.SoftwareDeployments.ForServer("srv-1"));
        Assert.Empty(options.SoftwareDeployments.Configs);
    }

    [Fact]
    public async Task No_signal_completes_at_once()
    {
        var options = new StackServiceOptions();
        await using var f = new StackFixture(options);
        var result = await f.Service.DeployAsync(StackFixture.Stack, StackFixture.Source(Template) with
        {
            Parameters = [new("transport", "NO_SIGNAL")],
        }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var d = options.SoftwareDeployments.ForServer("srv-1").Single();
        Assert.Equal("COMPLETE", d.Status);
        Assert.Equal("Not waiting for outputs signal", d.StatusReason);
        Assert.False(Inputs(d).ContainsKey("deploy_signal_id"));
    }

    [Fact]
    public async Task A_later_run_updates_a_deployment_with_the_config_an_earlier_run_made()
    {
        await using var f = new StackFixture();
        var noSignal = new KeyValuePair<string, string>("transport", "NO_SIGNAL");
        var first = await f.Service.DeployAsync(StackFixture.Stack, StackFixture.Source(Template) with { Parameters = [noSignal] });
        Assert.True(first.Succeeded, string.Join("\n", first.Diagnostics));

        // A new service (the CLI's next run): its store has never seen the config.
        var options = new StackServiceOptions();
        var next = new StackService(f.Store, new Engine.Applying.DriverRegistry([f.Cloud]), options);
        var second = await next.DeployAsync(StackFixture.Stack,
            StackFixture.Source(Template.Replace("fooooo", "changed", StringComparison.Ordinal)) with { Parameters = [noSignal] });

        Assert.True(second.Succeeded, string.Join("\n", second.Diagnostics));
        var d = options.SoftwareDeployments.ForServer("srv-1").Single();
        Assert.Equal("UPDATE", Inputs(d)["deploy_action"].GetString());
        Assert.Equal("changed", Inputs(d)["foo"].GetString());
        Assert.Equal("echo hello", d.Derived.Config!.Value.GetString());
        Assert.Equal("script", d.Derived.Group);
    }

    [Fact]
    public async Task A_non_zero_status_code_fails_the_deployment_with_heats_message()
    {
        var options = new StackServiceOptions();
        await using var f = new StackFixture(options);
        var deploy = f.DeployAsync(Template);
        var d = await WaitForDeploymentAsync(options.SoftwareDeployments, "srv-1");

        // The resource's own signal (HEAT_SIGNAL, the CLI's URL) reaches the deployment too.
        Assert.True(await f.Service.SignalAsync(StackFixture.Stack, "deployment",
            JsonSerializer.SerializeToElement(new { deploy_status_code = 2, deploy_stderr = "boom" })));
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Apply!.Failures, x => x.Message.Contains(
            "Deployment to server failed: deploy_status_code : Deployment exited with non-zero status code: 2", StringComparison.Ordinal));
        Assert.Equal("FAILED", options.SoftwareDeployments.Find(d.Id)!.Status);
    }

    [Fact]
    public async Task A_deployment_not_signalled_in_time_fails()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new StackServiceOptions { SoftwareDeploymentTimeout = TimeSpan.FromMinutes(5) };
        await using var f = new StackFixture(options);
        var deploy = f.DeployAsync(Template, new DeployOptions { TimeProvider = clock });
        var d = await WaitForDeploymentAsync(options.SoftwareDeployments, "srv-1");
        await StackFixture.WaitUntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return Task.FromResult(deploy.IsCompleted);
        }, "the deployment's timeout");
        var result = await deploy;

        Assert.False(result.Succeeded);
        Assert.Contains(result.Apply!.Failures, x => x.Message.Contains("Deployment to server failed: Deployment timed out", StringComparison.Ordinal));
        Assert.Equal("FAILED", options.SoftwareDeployments.Find(d.Id)!.Status);
    }

    [Fact]
    public async Task Software_deployments_make_one_deployment_per_server()
    {
        const string group = """
            heat_template_version: 2021-04-16
            resources:
              config:
                type: OS::Heat::SoftwareConfig
                properties: {config: x}
              deps:
                type: OS::Heat::SoftwareDeploymentGroup
                properties:
                  config: {get_resource: config}
                  servers: {a: srv-a, b: srv-b}
                  signal_transport: HEAT_SIGNAL
            outputs:
              stdouts: {value: {get_attr: [deps, deploy_stdouts]}}
            """;
        var options = new StackServiceOptions();
        await using var f = new StackFixture(options);
        var deploy = f.DeployAsync(group);
        var a = await WaitForDeploymentAsync(options.SoftwareDeployments, "srv-a");
        var b = await WaitForDeploymentAsync(options.SoftwareDeployments, "srv-b");
        Assert.Equal("a", Inputs(a)["deploy_resource_name"].GetString());
        Assert.Equal("HEAT_SIGNAL", Inputs(a)["deploy_signal_transport"].GetString());

        options.SoftwareDeployments.Signal(a.Id, JsonSerializer.SerializeToElement(new { deploy_stdout = "A" }), DateTimeOffset.UtcNow);
        Assert.False(deploy.IsCompleted);
        options.SoftwareDeployments.Signal(b.Id, JsonSerializer.SerializeToElement(new { deploy_stdout = "B" }), DateTimeOffset.UtcNow);
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var stdouts = (await f.OutputsAsync())["stdouts"];
        Assert.Equal("A", stdouts.GetProperty("a").GetString());
        Assert.Equal("B", stdouts.GetProperty("b").GetString());
        await f.Service.DestroyAsync(StackFixture.Stack);
        Assert.Empty(options.SoftwareDeployments.Deployments);
    }
}
