using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

public sealed class StackListTests
{
    [Fact]
    public async Task Create_refuses_a_missing_parameter_and_a_bad_template_with_heats_400()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        const string NeedsParam = """
            heat_template_version: 2015-04-30
            parameters:
              incoming: {type: string}
            resources:
              two:
                type: OS::Heat::TestResource
                properties:
                  value: {get_param: missing}
            """;
        using var response = await heat.PostAsync("/stacks", new JsonObject { ["stack_name"] = "bad", ["template"] = NeedsParam, ["parameters"] = new JsonObject { ["incoming"] = "x" } });
        var error = await HeatApiClient.ErrorAsync(response, 400);
        Assert.Contains("Property error: : resources.two.properties.value: : The Parameter (missing) was not provided.", error["explanation"]!.ToString(), StringComparison.Ordinal);
        using var list = await heat.GetAsync("/stacks");
        Assert.Empty((await TestCloud.JsonAsync(list))["stacks"]!.AsArray());
        Assert.Empty(cloud.Log.Faults());
    }
}
