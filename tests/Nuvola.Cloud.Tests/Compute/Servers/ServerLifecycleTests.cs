using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Servers;

public sealed class ServerLifecycleTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ServerCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task A_created_server_becomes_active_with_an_address_on_its_network()
    {
        using var response = await _cloud.PostServerAsync(_cloud.Demo, _cloud.ServerBody("web-1"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = (await TestCloud.JsonAsync(response))["server"]!;
        Assert.False(string.IsNullOrEmpty(created["adminPass"]!.ToString()));
        Assert.Equal("MANUAL", created["OS-DCF:diskConfig"]!.ToString());

        var server = await _cloud.WaitForStatusAsync(_cloud.Demo, created["id"]!.ToString(), "ACTIVE");

        Assert.Equal("web-1", server["name"]!.ToString());
        Assert.Equal(_cloud.ImageId, server["image"]!["id"]!.ToString());
        Assert.Equal(1, (int)server["OS-EXT-STS:power_state"]!);
        Assert.Equal("active", server["OS-EXT-STS:vm_state"]!.ToString());
        Assert.Equal("fixed", server["addresses"]!["private"]![0]!["OS-EXT-IPS:type"]!.ToString());
        Assert.False(string.IsNullOrEmpty(server["hostId"]!.ToString()));
    }

    [Fact]
    public async Task Stopping_a_stopped_server_is_a_conflict_and_start_brings_it_back()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "stopper");
        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");

        using (var stop = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["os-stop"] = null }))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "SHUTOFF");
        using (var again = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["os-stop"] = null }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal($"Cannot 'stop' instance {id} while it is in vm_state stopped", (await TestCloud.JsonAsync(again))["conflictingRequest"]!["message"]!.ToString());
        }

        using (var start = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["os-start"] = null }))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");
    }

    [Fact]
    public async Task A_locked_server_refuses_a_stop_by_its_owner_until_unlocked()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "locked");
        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");
        (await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["lock"] = null })).Dispose();

        using (var refused = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["os-stop"] = null }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        (await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["unlock"] = null })).Dispose();
        using var stop = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["os-stop"] = null });
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
    }

    [Fact]
    public async Task Reboot_console_output_and_instance_actions_are_recorded_with_request_ids()
    {
        using var created = await _cloud.PostServerAsync(_cloud.Demo, _cloud.ServerBody("actions"));
        var requestId = created.Headers.GetValues("x-compute-request-id").Single();
        var id = (await TestCloud.JsonAsync(created))["server"]!["id"]!.ToString();
        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");
        (await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["reboot"] = new JsonObject { ["type"] = "HARD" } })).Dispose();
        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");

        using var console = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["os-getConsoleOutput"] = new JsonObject { ["length"] = 50 } });
        var actions = await TestCloud.JsonAsync(await _cloud.Demo.GetAsync($"/compute/v2.1/servers/{id}/os-instance-actions"));
        var create = await TestCloud.JsonAsync(await _cloud.Demo.GetAsync($"/compute/v2.1/servers/{id}/os-instance-actions/{requestId}"));

        Assert.Contains("login:", (await TestCloud.JsonAsync(console))["output"]!.ToString());
        Assert.Equal(["create", "reboot"], actions["instanceActions"]!.AsArray().Select(a => a!["action"]!.ToString()).Order().ToArray());
        Assert.Equal("create", create["instanceAction"]!["action"]!.ToString());
        Assert.Equal(id, create["instanceAction"]!["instance_uuid"]!.ToString());
    }

    [Fact]
    public async Task Update_renames_and_delete_makes_the_server_gone()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "old-name");
        using var update = await _cloud.Demo.PutAsync($"/compute/v2.1/servers/{id}", Json(new JsonObject { ["server"] = new JsonObject { ["name"] = "new-name", ["accessIPv4"] = "192.0.2.7" } }));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var updated = (await TestCloud.JsonAsync(update))["server"]!;
        Assert.Equal("new-name", updated["name"]!.ToString());
        Assert.Equal("192.0.2.7", updated["accessIPv4"]!.ToString());

        using var delete = await _cloud.Demo.DeleteAsync($"/compute/v2.1/servers/{id}");
        using var after = await _cloud.Demo.GetAsync($"/compute/v2.1/servers/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal($"Instance {id} could not be found.", (await TestCloud.JsonAsync(after))["itemNotFound"]!["message"]!.ToString());
    }

    [Fact]
    public async Task A_name_with_the_failure_marker_ends_in_error_with_a_fault()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "will-fail-build");

        var server = await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ERROR");

        Assert.Equal(500, (int)server["fault"]!["code"]!);
        Assert.Contains("aborted", server["fault"]!["message"]!.ToString());
    }

    [Fact]
    public async Task Create_image_answers_202_with_the_snapshot_location_before_2_45_and_its_id_in_the_body_from_2_45()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "snap-source");
        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");

        using var old = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["createImage"] = new JsonObject { ["name"] = "snap-old" } }, "2.44");
        using var response = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["createImage"] = new JsonObject { ["name"] = "snap" } }, "2.45");

        Assert.Equal(HttpStatusCode.Accepted, old.StatusCode);
        Assert.Contains("/image/v2/images/", old.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var imageId = (await TestCloud.JsonAsync(response))["image_id"]!.ToString();
        Assert.Null(response.Headers.Location);
        using var image = await _cloud.Demo.GetAsync("/image/v2/images/" + imageId);
        var body = await TestCloud.JsonAsync(image);
        Assert.Equal(("active", "snapshot", id), (body["status"]!.ToString(), body["image_type"]!.ToString(), body["instance_uuid"]!.ToString()));
    }

    [Fact]
    public async Task Metadata_and_tags_can_be_set_read_and_deleted()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "labelled");
        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");

        using var set = await _cloud.Demo.PostAsync($"/compute/v2.1/servers/{id}/metadata", Json(new JsonObject { ["metadata"] = new JsonObject { ["role"] = "web" } }));
        using var item = await _cloud.Demo.GetAsync($"/compute/v2.1/servers/{id}/metadata/role");
        using var tag = new HttpRequestMessage(HttpMethod.Put, $"/compute/v2.1/servers/{id}/tags/blue");
        tag.Headers.Add("OpenStack-API-Version", "compute 2.26");
        using var tagged = await _cloud.Demo.SendAsync(tag);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("web", (await TestCloud.JsonAsync(item))["meta"]!["role"]!.ToString());
        Assert.Equal(HttpStatusCode.Created, tagged.StatusCode);
        Assert.Contains("blue", (await _cloud.ShowAsync(_cloud.Demo, id, "2.26"))["tags"]!.AsArray().Select(t => t!.ToString()));
    }

    [Fact]
    public async Task Security_groups_added_to_a_server_are_listed_by_server_and_removable()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "guarded");
        await _cloud.WaitForStatusAsync(_cloud.Demo, id, "ACTIVE");
        using var group = await _cloud.Demo.PostAsync("/compute/v2.1/os-security-groups", Json(new JsonObject { ["security_group"] = new JsonObject { ["name"] = "web", ["description"] = "web" } }));
        Assert.Equal(HttpStatusCode.OK, group.StatusCode);

        using var add = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["addSecurityGroup"] = new JsonObject { ["name"] = "web" } });
        var listed = await TestCloud.JsonAsync(await _cloud.Demo.GetAsync($"/compute/v2.1/servers/{id}/os-security-groups"));
        using var remove = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["removeSecurityGroup"] = new JsonObject { ["name"] = "web" } });
        using var unknown = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["addSecurityGroup"] = new JsonObject { ["name"] = "nope" } });

        Assert.Equal(HttpStatusCode.Accepted, add.StatusCode);
        Assert.Contains("web", listed["security_groups"]!.AsArray().Select(g => g!["name"]!.ToString()));
        Assert.Equal(HttpStatusCode.Accepted, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("web", (await _cloud.ShowAsync(_cloud.Demo, id))["security_groups"]!.AsArray().Select(g => g!["name"]!.ToString()));
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
