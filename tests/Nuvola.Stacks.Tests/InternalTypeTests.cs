using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nuvola.Engine.Planning;

namespace Nuvola.Stacks.Tests;

public sealed class InternalTypeTests
{
    private const string Wait = """
        heat_template_version: 2021-04-16
        resources:
          handle:
            type: OS::Heat::WaitConditionHandle
          waiter:
            type: OS::Heat::WaitCondition
            properties:
              handle: {get_resource: handle}
              count: 2
              timeout: 600
          after:
            type: OS::Heat::Value
            properties: {value: {get_attr: [waiter, data]}}
        outputs:
          curl: {value: {get_attr: [handle, curl_cli]}}
          endpoint: {value: {get_attr: [handle, endpoint]}}
          data: {value: {get_attr: [after, value]}}
        """;

    [Fact]
    public async Task A_wait_condition_completes_after_enough_success_signals()
    {
        await using var f = new StackFixture(new StackServiceOptions { SignalBaseUrl = "http://127.0.0.1:9/heat/v1/" });
        var deploy = f.DeployAsync(Wait);
        await StackFixture.WaitUntilAsync(async () => (await f.RecordsAsync()).ContainsKey("handle"), "the handle");
        Assert.False(deploy.IsCompleted);

        Assert.True(await f.Service.SignalAsync(StackFixture.Stack, "handle",
            JsonSerializer.SerializeToElement(new { status = "SUCCESS", id = "a", data = "one" })));
        Assert.False(deploy.IsCompleted);
        Assert.True(await f.Service.SignalAsync(StackFixture.Stack, "handle", default));
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var outputs = await f.OutputsAsync();
        var data = JsonDocument.Parse(outputs["data"].GetString()!).RootElement;
        Assert.Equal("one", data.GetProperty("a").GetString());
        Assert.Equal("http://127.0.0.1:9/heat/v1/stacks/demo/resources/handle/signal", outputs["endpoint"].GetString());
        Assert.Contains("X-Auth-Token: ", outputs["curl"].GetString(), StringComparison.Ordinal);
        Assert.False(await f.Service.SignalAsync(StackFixture.Stack, "after", default));
        Assert.False(await f.Service.SignalAsync(StackFixture.Stack, "nope", default));
    }

    [Fact]
    public async Task A_failure_signal_fails_the_wait_condition()
    {
        await using var f = new StackFixture();
        var deploy = f.DeployAsync(Wait);
        await StackFixture.WaitUntilAsync(async () => (await f.RecordsAsync()).ContainsKey("handle"), "the handle");
        await f.Service.SignalAsync(StackFixture.Stack, "handle",
            JsonSerializer.SerializeToElement(new { status = "FAILURE", reason = "boot script exited 1" }));
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Apply!.Failures, x => x.LogicalName == "waiter" && x.Message.Contains("boot script exited 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wait_condition_times_out_on_the_fake_clock()
    {
        await using var f = new StackFixture();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var deploy = f.DeployAsync(Wait, new DeployOptions { TimeProvider = time });
        await StackFixture.WaitUntilAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(30));
            return deploy.IsCompleted || (await f.RecordsAsync()).ContainsKey("waiter");
        }, "the timeout");
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Apply!.Failures, x => x.LogicalName == "waiter" && x.Message.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Test_resource_waits_on_the_given_time_provider()
    {
        await using var f = new StackFixture();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var deploy = f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              slow:
                type: OS::Heat::TestResource
                properties: {value: done, action_wait_secs: {create: 120}}
            outputs:
              out: {value: {get_attr: [slow, output]}}
            """, new DeployOptions { TimeProvider = time });
        await StackFixture.WaitUntilAsync(async () =>
            (await f.Store.GetEventsAsync(StackFixture.Stack)).Events.Any(e => e.LogicalName == "slow"), "the create to start");
        Assert.False(deploy.IsCompleted);

        await StackFixture.WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(60));
            return Task.FromResult(deploy.IsCompleted);
        }, "the wait to end");
        var result = await deploy;

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("done", (await f.OutputsAsync())["out"].GetString());
    }

    [Fact]
    public async Task Config_types_produce_their_config_and_a_server_reference_gets_the_text()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              script:
                type: OS::Heat::SoftwareConfig
                properties: {group: script, config: "#!/bin/sh\necho hi\n"}
              cloud:
                type: OS::Heat::CloudConfig
                properties:
                  cloud_config: {packages: [nginx], runcmd: [[echo, ok]]}
              mime:
                type: OS::Heat::MultipartMime
                properties:
                  parts:
                    - config: {get_resource: cloud}
                    - config: {get_resource: script}
            outputs:
              cloud: {value: {get_attr: [cloud, config]}}
              mime: {value: {get_attr: [mime, config]}}
              script: {value: {get_attr: [script, config]}}
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var outputs = await f.OutputsAsync();
        Assert.StartsWith("#cloud-config\n", outputs["cloud"].GetString(), StringComparison.Ordinal);
        Assert.Contains("- nginx", outputs["cloud"].GetString(), StringComparison.Ordinal);
        var mime = outputs["mime"].GetString()!;
        Assert.Contains("Content-Type: multipart/mixed", mime, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/cloud-config", mime, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/x-shellscript", mime, StringComparison.Ordinal);
        Assert.Contains("echo hi", mime, StringComparison.Ordinal);
        Assert.Equal("#!/bin/sh\necho hi\n", outputs["script"].GetString());
    }

    [Fact]
    public async Task A_value_converts_to_its_type_and_an_update_reaches_its_readers()
    {
        await using var f = new StackFixture();
        string Template(string v) => $$$"""
            heat_template_version: 2021-04-16
            resources:
              n:
                type: OS::Heat::Value
                properties: {value: '{{{v}}}', type: number}
              net:
                type: OS::Neutron::Net
                properties: {name: {list_join: ['-', [net, {get_attr: [n, value]}]]}}
            outputs:
              n: {value: {get_attr: [n, value]}}
            """;
        Assert.True((await f.DeployAsync(Template("3"))).Succeeded);
        Assert.Equal(3, (await f.OutputsAsync())["n"].GetInt32());
        var plan = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Template("4")));

        Assert.Equal(ChangeAction.Update, plan.Plan!.Find("n")!.Action);
        var net = plan.Plan.Find("net")!;
        Assert.Equal(ChangeAction.Update, net.Action);
        Assert.True(net.PropertyChanges.Single().KnownAfterApply);
        Assert.True((await f.DeployAsync(Template("4"))).Succeeded);
        Assert.Equal("net-4", f.Cloud.ByName("net")!.Properties.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_random_string_keeps_its_value_until_its_salt_changes()
    {
        await using var f = new StackFixture();
        string Template(string salt) => $$$"""
            heat_template_version: 2021-04-16
            resources:
              r:
                type: OS::Heat::RandomString
                properties: {length: 8, sequence: octdigits, salt: {{{salt}}}}
            outputs:
              r: {value: {get_attr: [r, value]}}
            """;
        Assert.True((await f.DeployAsync(Template("a"))).Succeeded);
        var first = (await f.OutputsAsync())["r"].GetString()!;
        Assert.True((await f.DeployAsync(Template("a"))).Succeeded);
        Assert.Equal(first, (await f.OutputsAsync())["r"].GetString());
        Assert.All(first, c => Assert.InRange(c, '0', '7'));

        var plan = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Template("b")));
        Assert.Equal(ChangeAction.Update, plan.Plan!.Find("r")!.Action);
        Assert.True((await f.DeployAsync(Template("b"))).Succeeded);
        Assert.NotEqual(first, (await f.OutputsAsync())["r"].GetString());
    }
}
