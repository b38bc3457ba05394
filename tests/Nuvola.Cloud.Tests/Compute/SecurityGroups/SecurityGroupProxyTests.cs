using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.SecurityGroups;

public sealed class SecurityGroupProxyTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _demo = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        _demo.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task A_group_is_created_shown_updated_listed_and_deleted_in_novas_format()
    {
        var created = await CreateAsync("web", "web servers");
        var id = created["id"]!.ToString();
        Assert.Equal("web", created["name"]!.ToString());
        Assert.Empty(created["rules"]!.AsArray());

        using var updated = await _demo.PutAsJsonAsync($"/compute/v2.1/os-security-groups/{id}", Group("web2", "new"));
        Assert.Equal("web2", (await TestCloud.JsonAsync(updated))["security_group"]!["name"]!.ToString());

        using var list = await _demo.GetAsync("/compute/v2.1/os-security-groups");
        var names = (await TestCloud.JsonAsync(list))["security_groups"]!.AsArray().Select(g => g!["name"]!.ToString()).ToList();
        Assert.Contains("default", names);
        Assert.Contains("web2", names);

        using var deleted = await _demo.DeleteAsync($"/compute/v2.1/os-security-groups/{id}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var gone = await _demo.GetAsync($"/compute/v2.1/os-security-groups/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal($"Security group {id} not found.", (await TestCloud.JsonAsync(gone))["itemNotFound"]!["message"]!.ToString());
    }

    [Fact]
    public async Task The_default_group_may_not_be_deleted_and_unknown_ids_are_404()
    {
        using var list = await _demo.GetAsync("/compute/v2.1/os-security-groups");
        var defaultGroup = (await TestCloud.JsonAsync(list))["security_groups"]!.AsArray().Single(g => g!["name"]!.ToString() == "default")!;
        Assert.Contains(defaultGroup["rules"]!.AsArray(), r => r!["group"]!["name"]?.ToString() == "default");

        using var refused = await _demo.DeleteAsync($"/compute/v2.1/os-security-groups/{defaultGroup["id"]}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var noId = await _demo.DeleteAsync("/compute/v2.1/os-security-groups/");
        Assert.Equal(HttpStatusCode.NotFound, noId.StatusCode);
        using var unknown = await _demo.PutAsJsonAsync($"/compute/v2.1/os-security-groups/{Guid.NewGuid()}", Group("x", "y"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var blank = await _demo.PostAsJsonAsync("/compute/v2.1/os-security-groups", Group(" ", "y"));
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
    }

    [Fact]
    public async Task Rules_are_added_checked_shown_and_deleted()
    {
        var group = await CreateAsync("ssh", "ssh");
        var rule = new JsonObject { ["security_group_rule"] = new JsonObject { ["parent_group_id"] = group["id"]!.ToString(), ["ip_protocol"] = "tcp", ["from_port"] = 22, ["to_port"] = 22, ["cidr"] = "10.0.0.0/8" } };

        using var created = await _demo.PostAsJsonAsync("/compute/v2.1/os-security-group-rules", rule);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var view = (await TestCloud.JsonAsync(created))["security_group_rule"]!;
        Assert.Equal("tcp", view["ip_protocol"]!.ToString());
        Assert.Equal(22, view["from_port"]!.GetValue<int>());
        Assert.Equal("10.0.0.0/8", view["ip_range"]!["cidr"]!.ToString());

        using var duplicate = await _demo.PostAsJsonAsync("/compute/v2.1/os-security-group-rules", rule.DeepClone());
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        rule["security_group_rule"]!["from_port"] = 100;
        rule["security_group_rule"]!["to_port"] = 10;
        using var badRange = await _demo.PostAsJsonAsync("/compute/v2.1/os-security-group-rules", rule);
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
        Assert.Equal("Invalid port range 100:10. Former value cannot be greater than the later", (await TestCloud.JsonAsync(badRange))["badRequest"]!["message"]!.ToString());

        using var deleted = await _demo.DeleteAsync($"/compute/v2.1/os-security-group-rules/{view["id"]}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var shown = await _demo.GetAsync($"/compute/v2.1/os-security-groups/{group["id"]}");
        Assert.Empty((await TestCloud.JsonAsync(shown))["security_group"]!["rules"]!.AsArray());
    }

    [Fact]
    public async Task Groups_of_an_unknown_server_are_404_in_novas_words()
    {
        var id = Guid.NewGuid().ToString();

        using var response = await _demo.GetAsync($"/compute/v2.1/servers/{id}/os-security-groups");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"Instance {id} could not be found.", (await TestCloud.JsonAsync(response))["itemNotFound"]!["message"]!.ToString());
    }

    private async Task<JsonNode> CreateAsync(string name, string description)
    {
        using var response = await _demo.PostAsJsonAsync("/compute/v2.1/os-security-groups", Group(name, description));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["security_group"]!;
    }

    private static JsonObject Group(string name, string description) =>
        new() { ["security_group"] = new JsonObject { ["name"] = name, ["description"] = description } };
}
