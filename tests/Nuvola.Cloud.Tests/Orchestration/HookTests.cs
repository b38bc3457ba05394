using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

/// <summary>Heat's breakpoints over HTTP: pre-update on an unchanged and on a replaced resource.</summary>
public sealed class HookTests
{
    private const string Steps = """
        heat_template_version: 2014-10-16
        resources:
          step1: {type: OS::Heat::RandomString}
          step2: {type: OS::Heat::RandomString, depends_on: step1}
          step3: {type: OS::Heat::RandomString, depends_on: step2}
        """;

    private static JsonObject Hook(string resource, string hook) =>
        new() { ["resource_registry"] = new JsonObject { ["resources"] = new JsonObject { [resource] = new JsonObject { ["hooks"] = hook } } } };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pre_update_hook_pauses_an_unchanged_or_replaced_resource_until_cleared(bool replace)
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var id = await heat.CreateStackAsync("upd", Steps, new JsonObject { ["environment"] = Hook("step2", "pre-update") });
        await heat.WaitForStackAsync("upd", id, "CREATE_COMPLETE");
        var before = await ResourceAsync(heat, $"upd/{id}", "step2");

        var template = replace ? Steps.Replace("depends_on: step1}", "depends_on: step1, properties: {length: 10}}", StringComparison.Ordinal) : Steps;
        using (var update = await heat.SendAsync(HttpMethod.Put, $"/stacks/upd/{id}", new JsonObject { ["template"] = template, ["environment"] = Hook("step2", "pre-update") }))
        {
            Assert.Equal(HttpStatusCode.Accepted, update.StatusCode);
        }

        var paused = await WaitForEventAsync(heat, $"upd/{id}", "step2", "UPDATE paused until Hook pre-update is cleared");
        Assert.Equal("CREATE_COMPLETE", paused["resource_status"]!.ToString());
        Assert.Equal("CREATE_COMPLETE", (await ResourceAsync(heat, $"upd/{id}", "step2"))["resource_status"]!.ToString());
        using (var show = await heat.GetAsync($"/stacks/upd/{id}"))
        {
            Assert.Equal("UPDATE_IN_PROGRESS", (await TestCloud.JsonAsync(show))["stack"]!["stack_status"]!.ToString());
        }

        using (var signal = await heat.PostAsync($"/stacks/upd/{id}/resources/step2/signal", new JsonObject { ["unset_hook"] = "pre-update" }))
        {
            Assert.Equal(HttpStatusCode.OK, signal.StatusCode);
        }

        var cleared = await WaitForEventAsync(heat, $"upd/{id}", "step2", "Hook pre-update is cleared");
        Assert.Equal("CREATE_COMPLETE", cleared["resource_status"]!.ToString());
        await heat.WaitForStackAsync("upd", id, "UPDATE_COMPLETE");
        var after = await ResourceAsync(heat, $"upd/{id}", "step2");
        Assert.Equal("CREATE_COMPLETE", after["resource_status"]!.ToString());
        Assert.Equal(replace, before["physical_resource_id"]!.ToString() != after["physical_resource_id"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }

    internal static async Task<JsonNode> ResourceAsync(HeatApiClient heat, string stack, string resource)
    {
        using var response = await heat.GetAsync($"/stacks/{stack}/resources/{resource}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["resource"]!;
    }

    internal static async Task<JsonNode> WaitForEventAsync(HeatApiClient heat, string stack, string resource, string reason)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await heat.GetAsync($"/stacks/{stack}/resources/{resource}/events");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var found = (await TestCloud.JsonAsync(response))["events"]!.AsArray()
                    .FirstOrDefault(e => e!["resource_status_reason"]!.ToString() == reason);
                if (found is not null)
                {
                    return found;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no event '{reason}' for {resource} of {stack} after 30 s");
            await Task.Delay(50);
        }
    }
}
