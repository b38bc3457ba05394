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
}
