using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

public sealed class StackLifecycleTests
{
    private const string Template = """
        heat_template_version: pike
        parameters:
          test_val:
            type: string
        resources:
          test:
            type: OS::Heat::TestResource
            properties:
              value: {get_param: test_val}
        outputs:
          output_value:
            description: the value
            value: {get_attr: [test, output]}
        """;

    [Fact]
    public async Task Create_redirect_show_outputs_resources_update_and_delete()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var id = await heat.CreateStackAsync("life", Template, new JsonObject { ["parameters"] = new JsonObject { ["test_val"] = "one" } });
        var stack = await heat.WaitForStackAsync("life", id, "CREATE_COMPLETE");
        Assert.Equal("one", stack["parameters"]!["test_val"]!.ToString());
        Assert.Equal(id, stack["parameters"]!["OS::stack_id"]!.ToString());
        Assert.Equal("one", stack["outputs"]![0]!["output_value"]!.ToString());

        using var redirect = await heat.GetAsync("/stacks/life/resources?type=OS::Heat::TestResource");
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.EndsWith($"/stacks/life/{id}/resources?type=OS::Heat::TestResource", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var byId = await heat.GetAsync("/stacks/" + id);
        Assert.Equal(HttpStatusCode.Found, byId.StatusCode);

        using var resources = await heat.GetAsync($"/stacks/life/{id}/resources");
        var resource = (await TestCloud.JsonAsync(resources))["resources"]![0]!;
        Assert.Equal("test", resource["resource_name"]!.ToString());
        Assert.Equal("CREATE_COMPLETE", resource["resource_status"]!.ToString());
        Assert.False(string.IsNullOrEmpty(resource["physical_resource_id"]!.ToString()));
        using var filtered = await heat.GetAsync($"/stacks/life/{id}/resources?type=OS::Nova::Server");
        Assert.Empty((await TestCloud.JsonAsync(filtered))["resources"]!.AsArray());
        using var shown = await heat.GetAsync($"/stacks/life/{id}/resources/test");
        Assert.Equal("one", (await TestCloud.JsonAsync(shown))["resource"]!["attributes"]!["output"]!.ToString());

        using var patch = await heat.SendAsync(HttpMethod.Patch, $"/stacks/life/{id}", new JsonObject { ["parameters"] = new JsonObject { ["test_val"] = "two" } });
        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        await heat.WaitForStackAsync("life", id, "UPDATE_COMPLETE");
        using var output = await heat.GetAsync($"/stacks/life/{id}/outputs/output_value");
        Assert.Equal("two", (await TestCloud.JsonAsync(output))["output"]!["output_value"]!.ToString());

        using var template = await heat.GetAsync($"/stacks/life/{id}/template");
        Assert.Equal("pike", (await TestCloud.JsonAsync(template))["heat_template_version"]!.ToString());

        using var delete = await heat.DeleteAsync($"/stacks/life/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await heat.WaitForGoneAsync("life", id);
        using var gone = await heat.GetAsync("/stacks/life");
        var error = await HeatApiClient.ErrorAsync(gone, 404);
        Assert.Contains("The Stack (life) could not be found.", error["explanation"]!.ToString(), StringComparison.Ordinal);
        using var list = await heat.GetAsync("/stacks");
        Assert.Empty((await TestCloud.JsonAsync(list))["stacks"]!.AsArray());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Events_page_with_marker_and_limit_and_filter_by_resource()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var id = await heat.CreateStackAsync("events", Template, new JsonObject { ["parameters"] = new JsonObject { ["test_val"] = "x" } });
        await heat.WaitForStackAsync("events", id, "CREATE_COMPLETE");
        using var all = await heat.GetAsync($"/stacks/events/{id}/events");
        var events = (await TestCloud.JsonAsync(all))["events"]!.AsArray();
        Assert.Contains(events, e => e!["resource_name"]!.ToString() == "events" && e["resource_status"]!.ToString() == "CREATE_COMPLETE");
        Assert.Contains(events, e => e!["resource_name"]!.ToString() == "test" && e["resource_status"]!.ToString() == "CREATE_COMPLETE");

        using var first = await heat.GetAsync($"/stacks/events/{id}/events?limit=1");
        var page = (await TestCloud.JsonAsync(first))["events"]!.AsArray();
        Assert.Single(page);
        using var second = await heat.GetAsync($"/stacks/events/{id}/events?limit=100&marker={page[0]!["id"]}");
        Assert.Equal(events.Count - 1, (await TestCloud.JsonAsync(second))["events"]!.AsArray().Count);
        using var descending = await heat.GetAsync($"/stacks/events/{id}/events?sort_dir=desc&limit=1");
        Assert.Equal(events[^1]!["id"]!.ToString(), (await TestCloud.JsonAsync(descending))["events"]![0]!["id"]!.ToString());

        using var resource = await heat.GetAsync($"/stacks/events/{id}/resources/test/events");
        var mine = (await TestCloud.JsonAsync(resource))["events"]!.AsArray();
        Assert.All(mine, e => Assert.Equal("test", e!["resource_name"]!.ToString()));
        using var detail = await heat.GetAsync($"/stacks/events/{id}/resources/test/events/{mine[0]!["id"]}");
        Assert.Equal("OS::Heat::TestResource", (await TestCloud.JsonAsync(detail))["event"]!["resource_type"]!.ToString());

        using var badMarker = await heat.GetAsync($"/stacks/events/{id}/events?marker=nope");
        await HeatApiClient.ErrorAsync(badMarker, 404);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task A_pre_create_hook_pauses_until_the_signal_clears_it()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        const string Steps = """
            heat_template_version: 2014-10-16
            resources:
              step1: {type: OS::Heat::RandomString}
              step2: {type: OS::Heat::RandomString, depends_on: step1}
            """;
        var environment = new JsonObject { ["resource_registry"] = new JsonObject { ["resources"] = new JsonObject { ["step2"] = new JsonObject { ["hooks"] = "pre-create" } } } };
        var id = await heat.CreateStackAsync("hooked", Steps, new JsonObject { ["environment"] = environment });
        var paused = await WaitForEventAsync(heat, "hooked", id, "CREATE paused until Hook pre-create is cleared");
        Assert.Equal("INIT_COMPLETE", paused["resource_status"]!.ToString());
        using (var show = await heat.GetAsync($"/stacks/hooked/{id}"))
        {
            Assert.Equal("CREATE_IN_PROGRESS", (await TestCloud.JsonAsync(show))["stack"]!["stack_status"]!.ToString());
        }

        using var wrong = await heat.PostAsync($"/stacks/hooked/{id}/resources/step1/signal", new JsonObject { ["unset_hook"] = "pre-create" });
        await HeatApiClient.ErrorAsync(wrong, 400);
        using var signal = await heat.PostAsync($"/stacks/hooked/{id}/resources/step2/signal", new JsonObject { ["unset_hook"] = "pre-create" });
        Assert.Equal(HttpStatusCode.OK, signal.StatusCode);
        await WaitForEventAsync(heat, "hooked", id, "Hook pre-create is cleared");
        await heat.WaitForStackAsync("hooked", id, "CREATE_COMPLETE");
        Assert.Empty(cloud.Log.Faults());
    }

    private static async Task<JsonNode> WaitForEventAsync(HeatApiClient heat, string name, string id, string reason)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await heat.GetAsync($"/stacks/{name}/{id}/events");
            var found = (await TestCloud.JsonAsync(response))["events"]!.AsArray().FirstOrDefault(e => e!["resource_status_reason"]!.ToString() == reason);
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no event '{reason}' after 30 s");
            await Task.Delay(50);
        }
    }
}
