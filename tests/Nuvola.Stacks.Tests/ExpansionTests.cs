using System.Text.Json;
using Nuvola.Engine.Planning;

namespace Nuvola.Stacks.Tests;

public sealed class ExpansionTests
{
    private static string Group(int count) => $$$"""
        heat_template_version: 2021-04-16
        resources:
          group:
            type: OS::Heat::ResourceGroup
            properties:
              count: {{{count}}}
              resource_def:
                type: OS::Neutron::Net
                properties:
                  name: net-%index%
          names:
            type: OS::Heat::Value
            properties: {value: {get_attr: [group, name]}}
        outputs:
          refs: {value: {get_attr: [group, refs]}}
          names: {value: {get_attr: [names, value]}}
          first: {value: {get_attr: [group, resource.0.name]}}
          map: {value: {get_attr: [group, attributes, name]}}
        """;

    [Fact]
    public async Task A_resource_group_becomes_members_with_index_and_an_aggregate()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync(Group(3));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var records = await f.RecordsAsync();
        Assert.Equal(["group", "group.0", "group.1", "group.2", "names"], records.Keys.Order());
        Assert.Equal(["net-0", "net-1", "net-2"], f.Cloud.Objects.Values.Select(o => o.Properties.GetProperty("name").GetString()).Order());
        var outputs = await f.OutputsAsync();
        Assert.Equal(new[] { "group.0", "group.1", "group.2" }.Select(n => records[n].PhysicalId),
            outputs["refs"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["net-0", "net-1", "net-2"], outputs["names"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("net-0", outputs["first"].GetString());
        Assert.Equal("net-2", outputs["map"].GetProperty("2").GetString());
    }

    [Fact]
    public async Task Shrinking_a_group_deletes_the_last_members_only()
    {
        await using var f = new StackFixture();
        Assert.True((await f.DeployAsync(Group(3))).Succeeded);
        var plan = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Group(1)));

        Assert.Equal(ChangeAction.Delete, plan.Plan!.Find("group.2")!.Action);
        Assert.Equal(ChangeAction.NoOp, plan.Plan.Find("group.0")!.Action);
        Assert.True((await f.DeployAsync(Group(1))).Succeeded);
        Assert.Equal(["net-0"], f.Cloud.Objects.Values.Select(o => o.Properties.GetProperty("name").GetString()));
        Assert.Equal(["net-0"], (await f.OutputsAsync())["names"].EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_group_count_known_only_after_apply_is_a_clear_error()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              n: {type: OS::Heat::Value, properties: {value: 2}}
              group:
                type: OS::Heat::ResourceGroup
                properties:
                  count: {get_attr: [n, value]}
                  resource_def: {type: OS::Heat::None}
            """);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == "STK001" && d.Message.Contains("count", StringComparison.Ordinal));
        Assert.Empty(await f.RecordsAsync());
    }

    private static readonly Dictionary<string, string> NestedFiles = new()
    {
        ["server.yaml"] = """
            heat_template_version: 2021-04-16
            parameters:
              label: {type: string}
              index: {type: string, default: x}
            resources:
              net:
                type: OS::Neutron::Net
                properties: {name: {list_join: ['-', [{get_param: label}, {get_param: index}]]}}
              tag:
                type: OS::Heat::Value
                properties: {value: {get_attr: [net, name]}}
            outputs:
              name: {value: {get_attr: [tag, value]}}
              net_id: {value: {get_resource: net}}
            """,
    };

    [Fact]
    public async Task A_nested_template_from_the_files_map_is_expanded_and_its_outputs_are_attributes()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              web:
                type: server.yaml
                properties: {label: web}
              pool:
                type: OS::Heat::ResourceGroup
                properties:
                  count: 2
                  resource_def:
                    type: server.yaml
                    properties: {label: pool, index: '%index%'}
            outputs:
              web: {value: {get_attr: [web, name]}}
              web_all: {value: {get_attr: [web, outputs]}}
              pool: {value: {get_attr: [pool, name]}}
              id: {value: {get_attr: [web, net_id]}}
            """, files: NestedFiles);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var records = await f.RecordsAsync();
        Assert.Contains("web.net", records.Keys);
        Assert.Contains("pool.1.tag", records.Keys);
        Assert.Equal("server.yaml", records["web"].Type);
        var outputs = await f.OutputsAsync();
        Assert.Equal("web-x", outputs["web"].GetString());
        Assert.Equal("web-x", outputs["web_all"].GetProperty("name").GetString());
        Assert.Equal(["pool-0", "pool-1"], outputs["pool"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(records["web.net"].PhysicalId, outputs["id"].GetString());
    }

    [Fact]
    public async Task An_os_heat_stack_with_an_inline_template_is_expanded()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              inner:
                type: OS::Heat::Stack
                properties:
                  template: {get_file: server.yaml}
                  parameters: {label: inline}
            outputs:
              name: {value: {get_attr: [inner, outputs, name]}}
            """, files: NestedFiles);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("inline-x", (await f.OutputsAsync())["name"].GetString());
        Assert.Contains("inner.net", (await f.RecordsAsync()).Keys);
    }

    [Fact]
    public async Task Removal_policies_skip_the_listed_members()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              group:
                type: OS::Heat::ResourceGroup
                properties:
                  count: 2
                  removal_policies: [{resource_list: ['0']}]
                  resource_def: {type: OS::Heat::None}
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(["group", "group.1", "group.2"], (await f.RecordsAsync()).Keys.Order());
    }

    [Fact]
    public async Task A_group_member_type_mapped_by_the_registry_is_a_nested_stack()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              pool:
                type: OS::Heat::ResourceGroup
                properties:
                  count: 2
                  resource_def:
                    type: My::Server
                    properties: {label: reg, index: '%index%'}
            outputs:
              names: {value: {get_attr: [pool, name]}}
            """, files: NestedFiles, environments: "resource_registry: {My::Server: server.yaml}");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Contains("pool.1.net", (await f.RecordsAsync()).Keys);
        Assert.Equal(["reg-0", "reg-1"], (await f.OutputsAsync())["names"].EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Files_named_by_file_urls_as_heatclient_sends_them_are_found()
    {
        await using var f = new StackFixture();
        var files = new Dictionary<string, string>
        {
            ["file:///home/u/server.yaml"] = NestedFiles["server.yaml"],
            ["file:///home/u/motd.txt"] = "welcome",
        };
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              web:
                type: file:///home/u/server.yaml
                properties: {label: url}
              motd:
                type: OS::Heat::Value
                properties: {value: {get_file: file:///home/u/motd.txt}}
            outputs:
              name: {value: {get_attr: [web, name]}}
              motd: {value: {get_attr: [motd, value]}}
            """, files: files);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("url-x", (await f.OutputsAsync())["name"].GetString());
        Assert.Equal("welcome", (await f.OutputsAsync())["motd"].GetString());
    }
}
