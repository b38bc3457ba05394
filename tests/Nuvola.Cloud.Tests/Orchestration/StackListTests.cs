using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

public sealed class StackListTests
{
    private const string Template = """
        heat_template_version: 2016-04-08
        resources:
          value: {type: OS::Heat::Value, properties: {value: hello}}
        """;

    [Fact]
    public async Task Lists_filter_by_tags_hide_hidden_stacks_sort_and_page()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var ids = new Dictionary<string, string>();
        foreach (var (name, tags) in new[] { ("b", "red,blue"), ("a", "red"), ("c", "green"), ("h", "data-processing-cluster") })
        {
            ids[name] = await heat.CreateStackAsync(name, Template, new JsonObject { ["tags"] = tags });
            await heat.WaitForStackAsync(name, ids[name], "CREATE_COMPLETE");
        }

        Assert.Equal(["a", "b", "c"], await NamesAsync(heat, "/stacks?sort_keys=stack_name&sort_dir=asc"));
        Assert.Equal(["a", "b", "c", "h"], await NamesAsync(heat, "/stacks?sort_keys=stack_name&sort_dir=asc&show_hidden=true"));
        Assert.Equal(["a", "b"], await NamesAsync(heat, "/stacks?tags=red&sort_keys=stack_name&sort_dir=asc"));
        Assert.Equal(["b"], await NamesAsync(heat, "/stacks?tags=red,blue"));
        Assert.Equal(["b", "c"], await NamesAsync(heat, "/stacks?tags_any=blue,green&sort_keys=stack_name&sort_dir=asc"));
        Assert.Equal(["c"], await NamesAsync(heat, "/stacks?not_tags_any=red"));
        Assert.Equal(["a", "c"], await NamesAsync(heat, "/stacks?not_tags=red,blue&sort_keys=stack_name&sort_dir=asc"));
        Assert.Equal(["c"], await NamesAsync(heat, "/stacks?name=c"));
        Assert.Equal(["a", "b"], await NamesAsync(heat, "/stacks?sort_keys=stack_name&sort_dir=asc&limit=2"));
        Assert.Equal(["c"], await NamesAsync(heat, $"/stacks?sort_keys=stack_name&sort_dir=asc&marker={ids["b"]}"));

        using var shown = await heat.GetAsync($"/stacks/b/{ids["b"]}");
        Assert.Equal(["red", "blue"], (await TestCloud.JsonAsync(shown))["stack"]!["tags"]!.AsArray().Select(t => t!.ToString()));

        using var duplicate = await heat.PostAsync("/stacks", new JsonObject { ["stack_name"] = "a", ["template"] = Template });
        await HeatApiClient.ErrorAsync(duplicate, 409);
        using var badName = await heat.PostAsync("/stacks", new JsonObject { ["stack_name"] = "1bad", ["template"] = Template });
        await HeatApiClient.ErrorAsync(badName, 400);
        using var badSort = await heat.GetAsync("/stacks?sort_keys=nonsense");
        await HeatApiClient.ErrorAsync(badSort, 400);
        using var badMarker = await heat.GetAsync("/stacks?marker=nope");
        await HeatApiClient.ErrorAsync(badMarker, 404);

        using var other = await HeatApiClient.ForAsync(cloud, "admin");
        Assert.Empty(await NamesAsync(other, "/stacks"));
        using var notMine = await other.Client.GetAsync($"/heat-api/v1/{other.ProjectId}/stacks/a/{ids["a"]}");
        await HeatApiClient.ErrorAsync(notMine, 404);
        Assert.Empty(cloud.Log.Faults());
    }

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

    private static async Task<List<string>> NamesAsync(HeatApiClient heat, string path)
    {
        using var response = await heat.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await TestCloud.JsonAsync(response))["stacks"]!.AsArray().Select(s => s!["stack_name"]!.ToString())];
    }
}
