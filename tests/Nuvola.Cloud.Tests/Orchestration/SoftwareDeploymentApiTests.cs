using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

public sealed class SoftwareDeploymentApiTests
{
    private const string ServerTemplate = """
        heat_template_version: "2013-05-23"
        resources:
          net:
            type: OS::Neutron::Net
          subnet:
            type: OS::Neutron::Subnet
            properties: {network: {get_resource: net}, cidr: 192.168.61.0/24}
          server:
            type: OS::Nova::Server
            depends_on: subnet
            properties:
              image: cirros-0.6.2-x86_64-disk
              flavor: m1.tiny
              user_data_format: SOFTWARE_CONFIG
              networks: [{network: {get_resource: net}}]
        outputs:
          server: {value: {get_resource: server}}
        """;

    private static string DeploymentTemplate(string server) => $$$"""
        heat_template_version: "2013-05-23"
        resources:
          config:
            type: OS::Heat::SoftwareConfig
            properties:
              config: echo hi
              outputs: [{name: result}]
          dep:
            type: OS::Heat::SoftwareDeployments
            properties:
              config: {get_resource: config}
              servers: {'0': {{{server}}} }
        outputs:
          result: {value: {get_attr: [dep, result]}}
        """;

    private static async Task<JsonArray> DeploymentsAsync(HeatApiClient heat, string stack)
    {
        using var response = await heat.GetAsync($"/stacks/{stack}/resources/server/metadata");
        return (await TestCloud.JsonAsync(response))["metadata"]!["deployments"]!.AsArray();
    }

    [Fact]
    public async Task A_deployment_in_another_stack_is_listed_on_the_server_and_completes_when_signalled()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var serverStackId = await heat.CreateStackAsync("servers", ServerTemplate);
        var serverStack = await heat.WaitForStackAsync("servers", serverStackId, "CREATE_COMPLETE");
        var server = serverStack["outputs"]![0]!["output_value"]!.ToString();
        Assert.Empty(await DeploymentsAsync(heat, $"servers/{serverStackId}"));

        var depStackId = await heat.CreateStackAsync("deps", DeploymentTemplate(server));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonArray deployments;
        while ((deployments = await DeploymentsAsync(heat, $"servers/{serverStackId}")).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no deployment in the server's metadata");
            await Task.Delay(50);
        }

        var inputs = deployments[0]!["inputs"]!.AsArray().ToDictionary(i => i!["name"]!.ToString(), i => i!["value"]);
        Assert.Equal(server, inputs["deploy_server_id"]!.ToString());
        Assert.Equal($"deps/{depStackId}", inputs["deploy_stack_id"]!.ToString());
        Assert.Equal("CFN_SIGNAL", inputs["deploy_signal_transport"]!.ToString());
        Assert.Equal("echo hi", deployments[0]!["config"]!.ToString());
        var url = inputs["deploy_signal_id"]!.ToString();
        Assert.StartsWith(cloud.BaseUrl.TrimEnd('/') + "/heat-api-cfn/v1/signal/deployments/", url, StringComparison.Ordinal);

        using var listed = await heat.GetAsync("/software_deployments?server_id=" + server);
        var sd = (await TestCloud.JsonAsync(listed))["software_deployments"]!.AsArray().Single()!;
        Assert.Equal("IN_PROGRESS", sd["status"]!.ToString());
        using var metadata = await heat.GetAsync("/software_deployments/metadata/" + server);
        Assert.Single((await TestCloud.JsonAsync(metadata))["metadata"]!.AsArray());

        using var anonymous = new HttpClient();
        using var forged = await anonymous.PostAsync(url[..url.IndexOf('?', StringComparison.Ordinal)] + "?token=nope",
            new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var signalled = await anonymous.PostAsync(url, new StringContent("""{"result": "ok", "deploy_status_code": 0}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, signalled.StatusCode);

        var done = await heat.WaitForStackAsync("deps", depStackId, "CREATE_COMPLETE");
        Assert.Equal("ok", done["outputs"]![0]!["output_value"]!["0"]!.ToString());
        using var shown = await heat.GetAsync("/software_deployments/" + sd["id"]);
        var deployment = (await TestCloud.JsonAsync(shown))["software_deployment"]!;
        Assert.Equal("COMPLETE", deployment["status"]!.ToString());
        Assert.Equal("Outputs received", deployment["status_reason"]!.ToString());

        using var delete = await heat.DeleteAsync($"/stacks/deps/{depStackId}");
        await heat.WaitForGoneAsync("deps", depStackId);
        Assert.Empty(await DeploymentsAsync(heat, $"servers/{serverStackId}"));
        Assert.DoesNotContain(cloud.Log.Lines, l => l.Contains("token=", StringComparison.Ordinal));
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Software_configs_and_deployments_through_the_api()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var created = await heat.PostAsync("/software_configs", new JsonObject
        {
            ["name"] = "cfg",
            ["group"] = "script",
            ["config"] = "echo one",
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "foo" }),
        });
        var config = (await TestCloud.JsonAsync(created))["software_config"]!;
        var configId = config["id"]!.ToString();
        Assert.Equal("script", config["group"]!.ToString());
        using var shown = await heat.GetAsync("/software_configs/" + configId);
        Assert.Equal("echo one", (await TestCloud.JsonAsync(shown))["software_config"]!["config"]!.ToString());
        using var configs = await heat.GetAsync("/software_configs?limit=5");
        Assert.Contains((await TestCloud.JsonAsync(configs))["software_configs"]!.AsArray(), c => c!["id"]!.ToString() == configId);
        using var badConfig = await heat.PostAsync("/software_configs", new JsonObject { ["inputs"] = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, badConfig.StatusCode);

        using var deployed = await heat.PostAsync("/software_deployments", new JsonObject
        {
            ["config_id"] = configId,
            ["server_id"] = "srv-x",
            ["action"] = "CREATE",
            ["status"] = "IN_PROGRESS",
            ["input_values"] = new JsonObject { ["foo"] = "bar" },
        });
        var deployment = (await TestCloud.JsonAsync(deployed))["software_deployment"]!;
        var id = deployment["id"]!.ToString();
        Assert.Equal("IN_PROGRESS", deployment["status"]!.ToString());
        using var updated = await heat.SendAsync(HttpMethod.Put, "/software_deployments/" + id, new JsonObject
        {
            ["status"] = "FAILED",
            ["status_reason"] = "broken",
            ["output_values"] = new JsonObject { ["deploy_status_code"] = 1 },
        });
        var after = (await TestCloud.JsonAsync(updated))["software_deployment"]!;
        Assert.Equal("FAILED", after["status"]!.ToString());
        Assert.Equal(1, after["output_values"]!["deploy_status_code"]!.GetValue<int>());
        using var badStatus = await heat.SendAsync(HttpMethod.Put, "/software_deployments/" + id, new JsonObject { ["status"] = "WEIRD" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        using var metadata = await heat.GetAsync("/software_deployments/metadata/srv-x");
        Assert.Equal(configId, (await TestCloud.JsonAsync(metadata))["metadata"]![0]!["id"]!.ToString());

        using var deleted = await heat.DeleteAsync("/software_deployments/" + id);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await heat.GetAsync("/software_deployments/" + id);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var configDeleted = await heat.DeleteAsync("/software_configs/" + configId);
        Assert.Equal(HttpStatusCode.NoContent, configDeleted.StatusCode);
        using var configGone = await heat.GetAsync("/software_configs/" + configId);
        Assert.Equal(HttpStatusCode.NotFound, configGone.StatusCode);

        using var other = await HeatApiClient.ForAsync(cloud, "admin");
        using var hidden = await other.GetAsync("/software_deployments");
        Assert.Empty((await TestCloud.JsonAsync(hidden))["software_deployments"]!.AsArray());
        Assert.Empty(cloud.Log.Faults());
    }
}
