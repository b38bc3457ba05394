using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Flavors;

public sealed class FlavorTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _admin = null!;
    private HttpClient _demo = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        _admin.Dispose();
        _demo.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Detail_lists_the_bootstrap_flavors_with_nova_fields()
    {
        var flavors = await ListAsync(_demo, "/compute/v2.1/flavors/detail");

        var tiny = flavors.Single(f => f!["id"]!.ToString() == "1")!;
        Assert.Equal("m1.tiny", tiny["name"]!.ToString());
        Assert.Equal(512, tiny["ram"]!.GetValue<int>());
        Assert.Equal(string.Empty, tiny["swap"]!.GetValue<string>());
        Assert.True(tiny["os-flavor-access:is_public"]!.GetValue<bool>());
        Assert.Equal(0, tiny["OS-FLV-EXT-DATA:ephemeral"]!.GetValue<int>());
        Assert.EndsWith("/compute/v2.1/flavors/1", tiny["links"]![0]!["href"]!.ToString());
    }

    [Fact]
    public async Task MinRam_and_minDisk_filter_and_limit_marker_page()
    {
        var big = await ListAsync(_demo, "/compute/v2.1/flavors?minRam=4096&minDisk=80");
        Assert.Equal(["4", "5"], big.Select(f => f!["id"]!.ToString()));

        using var first = await _demo.GetAsync("/compute/v2.1/flavors?limit=2");
        var body = await TestCloud.JsonAsync(first);
        Assert.Equal(["1", "2"], body["flavors"]!.AsArray().Select(f => f!["id"]!.ToString()));
        var next = body["flavors_links"]![0]!["href"]!.ToString();
        Assert.Contains("marker=2", next);
        var second = await ListAsync(_demo, "/compute/v2.1/flavors?limit=2&marker=2");
        Assert.Equal(["3", "4"], second.Select(f => f!["id"]!.ToString()));

        using var bad = await _demo.GetAsync("/compute/v2.1/flavors?minRam=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Invalid minRam filter [abc]", (await TestCloud.JsonAsync(bad))["badRequest"]!["message"]!.ToString());
    }

    [Fact]
    public async Task Admin_creates_and_deletes_a_flavor_and_a_duplicate_is_409()
    {
        using var created = await _admin.PostAsJsonAsync("/compute/v2.1/flavors", Flavor("f-test", "custom"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("f-test", (await TestCloud.JsonAsync(created))["flavor"]!["name"]!.ToString());

        using var sameId = await _admin.PostAsJsonAsync("/compute/v2.1/flavors", Flavor("other", "custom"));
        Assert.Equal(HttpStatusCode.Conflict, sameId.StatusCode);
        Assert.Equal("Flavor with ID custom already exists.", (await TestCloud.JsonAsync(sameId))["conflictingRequest"]!["message"]!.ToString());
        using var sameName = await _admin.PostAsJsonAsync("/compute/v2.1/flavors", Flavor("f-test", "custom2"));
        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);

        using var deleted = await _admin.DeleteAsync("/compute/v2.1/flavors/custom");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var gone = await _admin.GetAsync("/compute/v2.1/flavors/custom");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_member_may_not_create_or_delete_flavors()
    {
        using var create = await _demo.PostAsJsonAsync("/compute/v2.1/flavors", Flavor("nope", "nope"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains("os-flavor-manage:create", (await TestCloud.JsonAsync(create))["forbidden"]!["message"]!.ToString());
        using var delete = await _demo.DeleteAsync("/compute/v2.1/flavors/1");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task A_private_flavor_is_seen_only_by_projects_given_access()
    {
        var flavor = Flavor("private-one", "p1");
        flavor["flavor"]!["os-flavor-access:is_public"] = false;
        using var created = await _admin.PostAsJsonAsync("/compute/v2.1/flavors", flavor);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var hidden = await _demo.GetAsync("/compute/v2.1/flavors/p1");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        var demoProject = await ProjectIdAsync(_demo);
        using var added = await _admin.PostAsJsonAsync("/compute/v2.1/flavors/p1/action", new JsonObject { ["addTenantAccess"] = new JsonObject { ["tenant"] = demoProject } });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(demoProject, (await TestCloud.JsonAsync(added))["flavor_access"]![0]!["tenant_id"]!.ToString());

        using var visible = await _demo.GetAsync("/compute/v2.1/flavors/p1");
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        Assert.Contains("p1", (await ListAsync(_demo, "/compute/v2.1/flavors")).Select(f => f!["id"]!.ToString()));

        using var publicAccess = await _admin.GetAsync("/compute/v2.1/flavors/1/os-flavor-access");
        Assert.Equal(HttpStatusCode.NotFound, publicAccess.StatusCode);
        using var memberList = await _demo.GetAsync("/compute/v2.1/flavors/p1/os-flavor-access");
        Assert.Equal(HttpStatusCode.Forbidden, memberList.StatusCode);
    }

    [Fact]
    public async Task Extra_specs_are_set_read_updated_and_deleted_and_embedded_from_2_61()
    {
        using var set = await _admin.PostAsJsonAsync("/compute/v2.1/flavors/1/os-extra_specs", new JsonObject { ["extra_specs"] = new JsonObject { ["hw:cpu_policy"] = "dedicated", ["k2"] = "v2" } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using var one = await _demo.GetAsync("/compute/v2.1/flavors/1/os-extra_specs/hw:cpu_policy");
        Assert.Equal("dedicated", (await TestCloud.JsonAsync(one))["hw:cpu_policy"]!.ToString());

        using var mismatch = await _admin.PutAsJsonAsync("/compute/v2.1/flavors/1/os-extra_specs/k2", new JsonObject { ["k3"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        using var deleted = await _admin.DeleteAsync("/compute/v2.1/flavors/1/os-extra_specs/k2");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var missing = await _demo.GetAsync("/compute/v2.1/flavors/1/os-extra_specs/k2");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/flavors/1");
        request.Headers.Add("OpenStack-API-Version", "compute 2.61");
        using var shown = await _demo.SendAsync(request);
        var detail = (await TestCloud.JsonAsync(shown))["flavor"]!;
        Assert.Equal("dedicated", detail["extra_specs"]!["hw:cpu_policy"]!.ToString());
        Assert.True(detail.AsObject().ContainsKey("description"));
    }

    private static JsonObject Flavor(string name, string id) => new()
    {
        ["flavor"] = new JsonObject { ["name"] = name, ["id"] = id, ["ram"] = 64, ["vcpus"] = 1, ["disk"] = 0 },
    };

    private static async Task<JsonArray> ListAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["flavors"]!.AsArray();
    }

    private async Task<string> ProjectIdAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/identity/v3/auth/projects");
        return (await TestCloud.JsonAsync(response))["projects"]!.AsArray().Single(p => p!["name"]!.ToString() == "demo")!["id"]!.ToString();
    }
}
