using System.Collections.Concurrent;
using Nuvola.Engine.Planning;

namespace Nuvola.Stacks.Tests;

public sealed class PolicyTests
{
    private const string Hooked = """
        heat_template_version: 2021-04-16
        resources:
          base: {type: OS::Neutron::Net, properties: {name: base}}
          web_a: {type: OS::Heat::None, depends_on: base}
          web_b: {type: OS::Heat::None, depends_on: base}
          inner:
            type: child.yaml
        """;

    private static readonly Dictionary<string, string> Child = new()
    {
        ["child.yaml"] = """
            heat_template_version: 2021-04-16
            resources:
              leaf: {type: OS::Heat::None}
              other: {type: OS::Heat::None}
            """,
    };

    [Fact]
    public async Task Hooks_from_the_environment_pause_the_run_until_the_caller_releases_them()
    {
        await using var f = new StackFixture();
        var hits = new ConcurrentQueue<(string, HookPoint)>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new DeployOptions
        {
            OnHook = async (name, point, ct) =>
            {
                hits.Enqueue((name, point));
                await release.Task.WaitAsync(ct);
            },
        };
        const string Environment = """
            resource_registry:
              resources:
                web_*: {hooks: pre-create}
                inner:
                  leaf: {hooks: [pre-create, pre-update]}
            """;
        var deploy = f.DeployAsync(Hooked, options, Child, Environment);
        await StackFixture.WaitUntilAsync(() => Task.FromResult(hits.Count == 3), "three hooks");

        var records = await f.RecordsAsync();
        Assert.DoesNotContain("web_a", records.Keys);
        Assert.DoesNotContain("inner.leaf", records.Keys);
        Assert.Contains("inner.other", records.Keys);
        Assert.False(deploy.IsCompleted);
        release.SetResult();
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal([("inner.leaf", HookPoint.PreCreate), ("web_a", HookPoint.PreCreate), ("web_b", HookPoint.PreCreate)],
            hits.Order());
    }

    [Fact]
    public async Task Pre_update_and_pre_delete_hooks_are_awaited_on_a_later_deploy()
    {
        await using var f = new StackFixture();
        const string V1 = """
            heat_template_version: 2021-04-16
            resources:
              v: {type: OS::Heat::Value, properties: {value: 1}}
              old: {type: OS::Neutron::Net}
            """;
        const string V2 = """
            heat_template_version: 2021-04-16
            resources:
              v: {type: OS::Heat::Value, properties: {value: 2}}
            """;
        Assert.True((await f.DeployAsync(V1)).Succeeded);
        var hits = new ConcurrentQueue<(string, HookPoint)>();
        var options = new DeployOptions
        {
            OnHook = (name, point, _) =>
            {
                hits.Enqueue((name, point));
                return ValueTask.CompletedTask;
            },
        };

        var result = await f.DeployAsync(V2, options, environments: "resource_registry: {resources: {'*': {hooks: [pre-update, pre-delete]}}}");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal([("old", HookPoint.PreDelete), ("v", HookPoint.PreUpdate)], hits.Order());
        Assert.Empty(f.Cloud.Objects);
    }

    [Fact]
    public async Task A_pre_update_hook_pauses_at_a_resource_the_update_leaves_unchanged()
    {
        await using var f = new StackFixture();
        const string Steps = """
            heat_template_version: 2021-04-16
            resources:
              step1: {type: OS::Heat::RandomString}
              step2: {type: OS::Heat::RandomString, depends_on: step1}
              step3: {type: OS::Heat::RandomString, depends_on: step2}
            """;
        const string Environment = "resource_registry: {resources: {step2: {hooks: pre-update}}}";
        Assert.True((await f.DeployAsync(Steps, environments: Environment)).Succeeded);
        var before = await f.RecordsAsync();
        var hits = new ConcurrentQueue<(string, HookPoint)>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new DeployOptions
        {
            OnHook = async (name, point, ct) =>
            {
                hits.Enqueue((name, point));
                await release.Task.WaitAsync(ct);
            },
        };

        var deploy = f.DeployAsync(Steps, options, environments: Environment);
        await StackFixture.WaitUntilAsync(() => Task.FromResult(!hits.IsEmpty), "the pre-update hook");
        Assert.Equal([("step2", HookPoint.PreUpdate)], hits);
        Assert.False(deploy.IsCompleted);
        release.SetResult();
        var result = await deploy.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.All(result.Plan!.Changes, c => Assert.Equal(ChangeAction.NoOp, c.Action));
        var after = await f.RecordsAsync();
        Assert.Equal(before["step2"].PhysicalId, after["step2"].PhysicalId);
        Assert.Single(hits);
    }

    [Fact]
    public async Task An_unknown_hook_is_an_environment_error()
    {
        await using var f = new StackFixture();
        var plan = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Hooked, Child,
            "resource_registry: {resources: {base: {hooks: pre-lunch}}}"));

        Assert.Contains(plan.Diagnostics, d => d.Message.Contains("unknown hook 'pre-lunch'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retain_keeps_the_cloud_object_when_the_stack_is_destroyed_or_the_resource_removed()
    {
        await using var f = new StackFixture();
        Assert.True((await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              kept: {type: OS::Neutron::Net, deletion_policy: Retain, properties: {name: kept}}
              dropped: {type: OS::Neutron::Net, deletion_policy: retain, properties: {name: dropped}}
              gone: {type: OS::Neutron::Net, properties: {name: gone}}
            """)).Succeeded);
        Assert.True((await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              kept: {type: OS::Neutron::Net, deletion_policy: Retain, properties: {name: kept}}
              gone: {type: OS::Neutron::Net, properties: {name: gone}}
            """)).Succeeded);
        Assert.DoesNotContain("dropped", (await f.RecordsAsync()).Keys);
        Assert.Equal("Retain", (await f.RecordsAsync())["kept"].Tags[StackService.DeletionPolicyTag]);
        Assert.DoesNotContain(StackService.DeletionPolicyTag, f.Cloud.ByName("kept")!.Tags.Keys);
        Assert.NotNull(f.Cloud.ByName("dropped"));

        var result = await f.Service.DestroyAsync(StackFixture.Stack);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(["dropped", "kept"], f.Cloud.Objects.Values.Select(o => o.Name).Order());
        Assert.Null(await f.Store.GetStackAsync(StackFixture.Stack));
    }

    [Fact]
    public async Task An_external_resource_is_read_never_created_nor_deleted_and_a_missing_one_fails_naming_it()
    {
        await using var f = new StackFixture();
        Assert.True((await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              existing: {type: OS::Neutron::Net, properties: {name: existing}}
            """)).Succeeded);
        var id = f.Cloud.ByName("existing")!.Id;
        await using var g = new StackFixture();
        g.Cloud.Objects[id] = f.Cloud.Objects[id];
        var template = $$$"""
            heat_template_version: 2021-04-16
            parameters:
              net: {type: string, default: {{{id}}}}
            resources:
              outside: {type: OS::Neutron::Net, external_id: {get_param: net}}
            outputs:
              id: {value: {get_resource: outside}}
            """;

        var deployed = await g.DeployAsync(template);
        var outputs = await g.OutputsAsync();
        var destroyed = await g.Service.DestroyAsync(StackFixture.Stack);
        var missing = await g.DeployAsync(template.Replace(id, "no-such-net", StringComparison.Ordinal));

        Assert.True(deployed.Succeeded, string.Join("\n", deployed.Diagnostics));
        Assert.Equal(id, outputs["id"].GetString());
        Assert.DoesNotContain(g.Cloud.Created, n => n == "outside");
        Assert.True(destroyed.Succeeded);
        Assert.True(g.Cloud.Objects.ContainsKey(id));
        Assert.False(missing.Succeeded);
        Assert.Contains(missing.Apply!.Failures, e => e.Message.Contains("external resource no-such-net was not found", StringComparison.Ordinal));
    }

    private const string Scaling = """
        heat_template_version: 2021-04-16
        resources:
          asg:
            type: OS::Heat::AutoScalingGroup
            properties:
              min_size: 1
              max_size: 3
              desired_capacity: 2
              resource: {type: OS::Neutron::Net, properties: {name: member}}
          up:
            type: OS::Heat::ScalingPolicy
            properties:
              auto_scaling_group_id: {get_resource: asg}
              adjustment_type: change_in_capacity
              scaling_adjustment: 5
        outputs:
          size: {value: {get_attr: [asg, current_size]}}
          url: {value: {get_attr: [up, signal_url]}}
        """;

    [Fact]
    public async Task A_scaling_policy_signal_grows_the_group_within_its_maximum()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync(Scaling);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(2, (await f.OutputsAsync())["size"].GetInt32());
        Assert.EndsWith("/stacks/demo/resources/up/signal", (await f.OutputsAsync())["url"].GetString(), StringComparison.Ordinal);

        Assert.True(await f.Service.SignalAsync(StackFixture.Stack, "up", default));
        await StackFixture.WaitUntilAsync(async () => (await f.RecordsAsync()).ContainsKey("asg.2") &&
            (await f.Store.GetStackAsync(StackFixture.Stack))!.Status == Engine.State.StackStatus.Complete, "the third member");

        Assert.Equal(3, f.Cloud.Objects.Count);
        await StackFixture.WaitUntilAsync(async () => (await f.OutputsAsync())["size"].GetInt32() == 3, "the new size");
        var plan = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Scaling));
        Assert.True(plan.Plan!.IsEmpty, "the next deploy keeps the signalled capacity");
    }

    [Fact]
    public async Task Refresh_sees_an_object_deleted_outside_and_recreates_it()
    {
        await using var f = new StackFixture();
        const string Template = """
            heat_template_version: 2021-04-16
            resources:
              net: {type: OS::Neutron::Net, properties: {name: n}}
              v: {type: OS::Heat::Value, properties: {value: 1}}
            """;
        Assert.True((await f.DeployAsync(Template)).Succeeded);
        f.Cloud.Objects.Clear();

        var plain = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Template));
        var refreshed = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Template), new DeployOptions { Refresh = true });

        Assert.True(plain.Plan!.IsEmpty);
        Assert.Equal(ChangeAction.Create, refreshed.Plan!.Find("net")!.Action);
        Assert.Equal(ChangeAction.NoOp, refreshed.Plan.Find("v")!.Action);
        Assert.True((await f.DeployAsync(Template, new DeployOptions { Refresh = true })).Succeeded);
        Assert.NotNull(f.Cloud.ByName("net"));
        Assert.Contains("deleted outside Nuvola", refreshed.Plan.Find("net")!.Reason, StringComparison.Ordinal);
    }
}
