using Nuvola.Engine.State;

namespace Nuvola.Stacks.Tests;

public sealed class ResumeTests
{
    private const string Three = """
        heat_template_version: 2021-04-16
        resources:
          a:
            type: OS::Neutron::Net
            properties: {name: a}
          b:
            type: OS::Neutron::Net
            properties: {name: {list_join: ['-', [b, {get_resource: a}]]}}
          c:
            type: OS::Neutron::Net
            properties: {name: c}
          d:
            type: OS::Heat::Value
            properties: {value: {get_attr: [b, name]}}
        """;

    [Fact]
    public async Task A_second_deploy_after_a_failed_create_creates_only_what_is_missing()
    {
        await using var f = new StackFixture();
        f.Cloud.FailCreate = name => name == "b";
        var first = await f.DeployAsync(Three);

        Assert.False(first.Succeeded);
        Assert.Contains(first.Apply!.Failures, x => x.LogicalName == "b");
        Assert.Equal(["a", "c"], f.Cloud.Objects.Values.Select(o => o.Name).Order());
        Assert.DoesNotContain("d", (await f.RecordsAsync()).Keys);

        f.Cloud.FailCreate = null;
        var before = f.Cloud.Created.Count();
        var second = await f.DeployAsync(Three);

        Assert.True(second.Succeeded, string.Join("\n", second.Diagnostics));
        Assert.Equal(["b"], f.Cloud.Created.Skip(before));
        Assert.Equal(StackStatus.Complete, (await f.Store.GetStackAsync(StackFixture.Stack))!.Status);
        Assert.Equal($"b-{f.Cloud.ByName("a")!.Id}", (await f.RecordsAsync())["d"].Attributes.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Rollback_removes_what_the_failed_run_created()
    {
        await using var f = new StackFixture();
        f.Cloud.FailCreate = name => name == "b";
        var result = await f.DeployAsync(Three, new DeployOptions { Rollback = true });

        Assert.False(result.Succeeded);
        Assert.True(result.Apply!.RolledBack);
        Assert.Empty(f.Cloud.Objects);
        Assert.Empty(await f.RecordsAsync());
    }

    [Fact]
    public async Task A_failing_test_resource_fails_the_deploy_and_a_fixed_template_resumes()
    {
        await using var f = new StackFixture();
        const string Template = """
            heat_template_version: 2021-04-16
            parameters:
              fail: {type: boolean, default: true}
            resources:
              ok:
                type: OS::Neutron::Net
              flaky:
                type: OS::Heat::TestResource
                properties: {value: hi, fail: {get_param: fail}}
              after:
                type: OS::Heat::Value
                properties: {value: {get_attr: [flaky, output]}}
            outputs:
              after: {value: {get_attr: [after, value]}}
            """;
        var first = await f.DeployAsync(Template);
        Assert.False(first.Succeeded);
        Assert.Contains(first.Apply!.Failures, x => x.LogicalName == "flaky" && x.Message.Contains("Test Resource failed", StringComparison.Ordinal));
        Assert.NotNull((await f.Store.GetOutputsAsync(StackFixture.Stack)).Single().Error);
        var okId = f.Cloud.ByName("ok")!.Id;

        var second = await f.Service.DeployAsync(StackFixture.Stack,
            StackFixture.Source(Template) with { Parameters = [new("fail", "false")] });

        Assert.True(second.Succeeded, string.Join("\n", second.Diagnostics));
        Assert.Equal(okId, f.Cloud.ByName("ok")!.Id);
        Assert.Single(f.Cloud.Created);
        Assert.Equal("hi", (await f.OutputsAsync())["after"].GetString());
    }

    [Fact]
    public async Task Rollback_after_a_failed_test_resource_returns_to_the_previous_state()
    {
        await using var f = new StackFixture();
        const string V1 = """
            heat_template_version: 2021-04-16
            resources:
              keep: {type: OS::Neutron::Net, properties: {name: keep}}
            """;
        Assert.True((await f.DeployAsync(V1)).Succeeded);
        var result = await f.DeployAsync(V1 + """

              extra: {type: OS::Neutron::Net, properties: {name: extra}}
              boom: {type: OS::Heat::TestResource, properties: {fail: true}, depends_on: extra}
            """, new DeployOptions { Rollback = true });

        Assert.True(result.Apply!.RolledBack);
        Assert.Equal(["keep"], f.Cloud.Objects.Values.Select(o => o.Name));
        Assert.Equal(["keep"], (await f.RecordsAsync()).Keys);
    }
}
