using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

public sealed class ImageVisibilityTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _demo = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
        _admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
    }

    public async Task DisposeAsync()
    {
        _demo.Dispose();
        _admin.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Another_projects_private_image_is_404_everywhere_and_absent_from_lists()
    {
        var id = await ImageApi.CreateWithDataAsync(_admin, "admin-secret", [1, 2, 3]);

        using var show = await _demo.GetAsync($"/image/v2/images/{id}");
        using var file = await _demo.GetAsync($"/image/v2/images/{id}/file");
        using var delete = await _demo.DeleteAsync($"/image/v2/images/{id}");
        using var patch = await ImageApi.PatchAsync(_demo, id, [new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "mine" }]);

        await ImageApi.AssertErrorAsync(show, HttpStatusCode.NotFound, $"No image found with ID {id}");
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.DoesNotContain(id, (await ImageApi.ListAsync(_demo, "?visibility=all")).Select(i => i["id"]!.ToString()));
        Assert.Contains(id, (await ImageApi.ListAsync(_admin)).Select(i => i["id"]!.ToString()));
    }

    [Fact]
    public async Task Only_admin_may_publicize_and_others_cannot_change_a_public_image()
    {
        using var refused = await _demo.PostAsync("/image/v2/images", ImageApi.Json(new JsonObject { ["name"] = "pub", ["visibility"] = "public" }));
        await ImageApi.AssertErrorAsync(refused, HttpStatusCode.Forbidden, "You are not authorized to complete publicize_image action.");

        var id = (await ImageApi.CreateAsync(_admin, new JsonObject { ["name"] = "pub", ["visibility"] = "public" }))["id"]!.ToString();
        using var delete = await _demo.DeleteAsync($"/image/v2/images/{id}");

        Assert.Equal("pub", (await ImageApi.ShowAsync(_demo, id))["name"]!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task A_shared_image_is_visible_to_a_member_and_listed_once_accepted()
    {
        var demoProject = (await ImageApi.CreateAsync(_demo, new JsonObject { ["name"] = "probe" }))["owner"]!.ToString();
        var id = (await ImageApi.CreateAsync(_admin, new JsonObject { ["name"] = "to-share", ["visibility"] = "shared" }))["id"]!.ToString();

        using var add = await _admin.PostAsync($"/image/v2/images/{id}/members", ImageApi.Json(new JsonObject { ["member"] = demoProject }));
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Equal("pending", (await TestCloud.JsonAsync(add))["status"]!.ToString());
        Assert.Equal("to-share", (await ImageApi.ShowAsync(_demo, id))["name"]!.ToString());
        Assert.DoesNotContain(id, (await ImageApi.ListAsync(_demo)).Select(i => i["id"]!.ToString()));

        using var accept = await _demo.PutAsync($"/image/v2/images/{id}/members/{demoProject}", ImageApi.Json(new JsonObject { ["status"] = "accepted" }));

        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Contains(id, (await ImageApi.ListAsync(_demo)).Select(i => i["id"]!.ToString()));
    }

    [Fact]
    public async Task Invalid_formats_read_only_fields_and_malformed_json_are_refused_on_create()
    {
        using var disk = await _demo.PostAsync("/image/v2/images", ImageApi.Json(new JsonObject { ["disk_format"] = "wrong" }));
        using var container = await _demo.PostAsync("/image/v2/images", ImageApi.Json(new JsonObject { ["container_format"] = "wrong" }));
        using var status = await _demo.PostAsync("/image/v2/images", ImageApi.Json(new JsonObject { ["status"] = "active" }));
        using var self = await _demo.PostAsync("/image/v2/images", ImageApi.Json(new JsonObject { ["self"] = "x" }));
        using var malformed = await _demo.PostAsync("/image/v2/images", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));

        await ImageApi.AssertErrorAsync(disk, HttpStatusCode.BadRequest, "Provided object does not match schema 'image': 'wrong' is not one of [None, 'ami'");
        await ImageApi.AssertErrorAsync(container, HttpStatusCode.BadRequest, "'wrong' is not one of [None, 'ami', 'ari', 'aki', 'bare'");
        await ImageApi.AssertErrorAsync(status, HttpStatusCode.Forbidden, "Attribute 'status' is read-only.");
        await ImageApi.AssertErrorAsync(self, HttpStatusCode.Forbidden, "Attribute 'self' is read-only.");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Version_discovery_and_schemas_are_served()
    {
        using var versions = await _cloud.Http.GetAsync("/image");
        using var schema = await _demo.GetAsync("/image/v2/schemas/image");
        using var schemas = await _demo.GetAsync("/image/v2/schemas/images");

        Assert.Equal(HttpStatusCode.MultipleChoices, versions.StatusCode);
        var list = (await TestCloud.JsonAsync(versions))["versions"]!.AsArray();
        Assert.Contains(list, v => v!["status"]!.ToString() == "CURRENT" && v["links"]![0]!["href"]!.ToString() == _cloud.BaseUrl + "/image/v2/");
        var image = await TestCloud.JsonAsync(schema);
        Assert.Equal("image", image["name"]!.ToString());
        Assert.Equal("string", image["additionalProperties"]!["type"]!.ToString());
        Assert.Equal("images", (await TestCloud.JsonAsync(schemas))["name"]!.ToString());
    }
}
