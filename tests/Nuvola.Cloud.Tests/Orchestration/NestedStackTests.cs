using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

/// <summary>Nested stacks through the Heat API: their outputs' errors, and the nested stack seen as a stack of its own.</summary>
public sealed class NestedStackTests
{
    [Fact]
    public async Task A_nested_output_reading_an_undeclared_parameter_shows_Heats_output_error()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        const string Parent = """
            heat_template_version: 2015-10-15
            resources:
              parent: {type: 1.yaml}
            outputs:
              resource_output_a: {value: {get_attr: [parent, resource_output_a]}, description: parent a}
              resource_output_b: {value: {get_attr: [parent, resource_output_b]}, description: parent b}
            """;
        var files = new JsonObject
        {
            ["1.yaml"] = """
                heat_template_version: 2015-10-15
                resources:
                  test_resource_a: {type: OS::Heat::TestResource, properties: {value: a}}
                outputs:
                  resource_output_a: {value: {get_attr: [test_resource_a, output]}}
                  resource_output_b: {value: {get_param: foo}}
                """,
        };

        var id = await heat.CreateStackAsync("outerr", Parent, new JsonObject { ["files"] = files });
        var stack = await heat.WaitForStackAsync("outerr", id, "CREATE_COMPLETE");

        var outputs = stack["outputs"]!.AsArray().ToDictionary(o => o!["output_key"]!.ToString(), o => o!);
        Assert.Equal("a", outputs["resource_output_a"]["output_value"]!.ToString());
        Assert.Null(outputs["resource_output_a"]["output_error"]);
        Assert.Null(outputs["resource_output_b"]["output_value"]);
        Assert.Equal("parent b", outputs["resource_output_b"]["description"]!.ToString());
        Assert.Equal("Error in parent output resource_output_b: The Parameter (foo) was not provided.", outputs["resource_output_b"]["output_error"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }
    [Fact]
    public async Task A_template_resource_is_a_stack_of_its_own_whose_resource_hooks_are_cleared_there()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var files = new JsonObject
        {
            ["nested.yaml"] = """
                heat_template_version: 2014-10-16
                resources:
                  foo_step1: {type: OS::Heat::RandomString}
                  foo_step2: {type: OS::Heat::RandomString, depends_on: foo_step1}
                """,
        };
        var environment = new JsonObject
        {
            ["resource_registry"] = new JsonObject { ["resources"] = new JsonObject { ["nested"] = new JsonObject { ["foo_step2"] = new JsonObject { ["hooks"] = "pre-create" } } } },
        };
        var id = await heat.CreateStackAsync("outer", "heat_template_version: 2014-10-16\nresources:\n  nested: {type: nested.yaml}\n",
            new JsonObject { ["files"] = files, ["environment"] = environment });
        await HookTests.WaitForEventAsync(heat, $"outer/{id}", "nested.foo_step2", "CREATE paused until Hook pre-create is cleared");

        var resource = await HookTests.ResourceAsync(heat, $"outer/{id}", "nested");
        Assert.Equal("CREATE_IN_PROGRESS", resource["resource_status"]!.ToString());
        var link = resource["links"]!.AsArray().Single(l => l!["rel"]!.ToString() == "nested")!["href"]!.ToString();
        var nestedId = link.Split('/')[^1];
        var nestedName = link.Split('/')[^2];
        Assert.Equal(nestedId, resource["physical_resource_id"]!.ToString());
        using (var byId = await heat.GetAsync("/stacks/" + nestedId))
        {
            Assert.Equal(HttpStatusCode.Found, byId.StatusCode);
            Assert.EndsWith($"/stacks/{nestedName}/{nestedId}", byId.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using (var show = await heat.GetAsync($"/stacks/{nestedName}/{nestedId}"))
        {
            var nested = (await TestCloud.JsonAsync(show))["stack"]!;
            Assert.Equal(id, nested["parent"]!.ToString());
            Assert.Equal(nestedName, nested["stack_name"]!.ToString());
            Assert.StartsWith("outer-nested-", nestedName, StringComparison.Ordinal);
        }

        var nestedStack = $"{nestedName}/{nestedId}";
        Assert.Equal("CREATE_COMPLETE", (await HookTests.ResourceAsync(heat, nestedStack, "foo_step1"))["resource_status"]!.ToString());
        Assert.Equal("INIT_COMPLETE", (await HookTests.ResourceAsync(heat, nestedStack, "foo_step2"))["resource_status"]!.ToString());
        var paused = await HookTests.WaitForEventAsync(heat, nestedStack, "foo_step2", "CREATE paused until Hook pre-create is cleared");
        Assert.Equal("INIT_COMPLETE", paused["resource_status"]!.ToString());
        using (var update = await heat.SendAsync(HttpMethod.Patch, $"/stacks/{nestedStack}", new JsonObject()))
        {
            await HeatApiClient.ErrorAsync(update, 400);
        }

        using (var signal = await heat.PostAsync($"/stacks/{nestedStack}/resources/foo_step2/signal", new JsonObject { ["unset_hook"] = "pre-create" }))
        {
            Assert.Equal(HttpStatusCode.OK, signal.StatusCode);
        }

        await HookTests.WaitForEventAsync(heat, nestedStack, "foo_step2", "Hook pre-create is cleared");
        await heat.WaitForStackAsync("outer", id, "CREATE_COMPLETE");
        Assert.Equal("CREATE_COMPLETE", (await HookTests.ResourceAsync(heat, nestedStack, "foo_step2"))["resource_status"]!.ToString());

        using (var top = await heat.GetAsync($"/stacks/outer/{id}/resources"))
        {
            Assert.Equal(["nested"], (await TestCloud.JsonAsync(top))["resources"]!.AsArray().Select(r => r!["resource_name"]!.ToString()));
        }

        using (var deep = await heat.GetAsync($"/stacks/outer/{id}/resources?nested_depth=1"))
        {
            var all = (await TestCloud.JsonAsync(deep))["resources"]!.AsArray();
            Assert.Equal(["nested", "foo_step1", "foo_step2"], all.Select(r => r!["resource_name"]!.ToString()));
            Assert.All(all.Skip(1), r => Assert.Equal("nested", r!["parent_resource"]!.ToString()));
            Assert.All(all.Skip(1), r => Assert.EndsWith(nestedStack, r!["links"]!.AsArray().Single(l => l!["rel"]!.ToString() == "stack")!["href"]!.ToString(), StringComparison.Ordinal));
        }

        using (var list = await heat.GetAsync("/stacks"))
        {
            Assert.Equal(["outer"], (await TestCloud.JsonAsync(list))["stacks"]!.AsArray().Select(s => s!["stack_name"]!.ToString()));
        }

        using (var delete = await heat.DeleteAsync($"/stacks/outer/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await heat.WaitForGoneAsync("outer", id);
        using (var gone = await heat.GetAsync($"/stacks/{nestedStack}"))
        {
            await HeatApiClient.ErrorAsync(gone, 404);
        }

        Assert.Empty(cloud.Log.Faults());
    }
}
