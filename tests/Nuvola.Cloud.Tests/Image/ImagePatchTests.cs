using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

public sealed class ImagePatchTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _demo = null!;
    private string _id = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
        _id = (await ImageApi.CreateAsync(_demo, new JsonObject { ["name"] = "before", ["disk_format"] = "raw", ["container_format"] = "bare", ["color"] = "red" }))["id"]!.ToString();
    }

    public async Task DisposeAsync()
    {
        _demo.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    private static JsonObject Op(string op, string path, JsonNode? value = null)
    {
        var change = new JsonObject { ["op"] = op, ["path"] = path };
        if (op != "remove")
        {
            change["value"] = value;
        }

        return change;
    }

    [Fact]
    public async Task Add_replace_and_remove_change_core_and_extra_properties()
    {
        using var response = await ImageApi.PatchAsync(_demo, _id,
        [
            Op("replace", "/name", "after"), Op("replace", "/min_ram", 512), Op("add", "/os_distro", "ubuntu"),
            Op("replace", "/color", "blue"), Op("remove", "/color"), Op("replace", "/tags", new JsonArray("a", "b")),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = await TestCloud.JsonAsync(response);
        Assert.Equal("after", image["name"]!.ToString());
        Assert.Equal(512, (int)image["min_ram"]!);
        Assert.Equal("ubuntu", image["os_distro"]!.ToString());
        Assert.False(image.ContainsKey("color"));
        Assert.Equal(["a", "b"], image["tags"]!.AsArray().Select(t => t!.ToString()));
        Assert.Equal("after", (await ImageApi.ShowAsync(_demo, _id))["name"]!.ToString());
    }

    [Fact]
    public async Task Read_only_and_reserved_attributes_are_403()
    {
        using var status = await ImageApi.PatchAsync(_demo, _id, [Op("replace", "/status", "active")]);
        using var checksum = await ImageApi.PatchAsync(_demo, _id, [Op("add", "/checksum", "x")]);
        using var deleted = await ImageApi.PatchAsync(_demo, _id, [Op("add", "/deleted", "x")]);
        using var owner = await ImageApi.PatchAsync(_demo, _id, [Op("replace", "/owner", "someone")]);
        using var removeCore = await ImageApi.PatchAsync(_demo, _id, [Op("remove", "/name")]);

        await ImageApi.AssertErrorAsync(status, HttpStatusCode.Forbidden, "Attribute 'status' is read-only.");
        await ImageApi.AssertErrorAsync(checksum, HttpStatusCode.Forbidden, "Attribute 'checksum' is read-only.");
        await ImageApi.AssertErrorAsync(deleted, HttpStatusCode.Forbidden, "Attribute 'deleted' is reserved.");
        await ImageApi.AssertErrorAsync(owner, HttpStatusCode.Forbidden, "Owner can't be updated by non admin.");
        await ImageApi.AssertErrorAsync(removeCore, HttpStatusCode.Forbidden, "Property name may not be removed.");
    }

    [Fact]
    public async Task Invalid_values_missing_properties_and_wrong_media_type_are_refused()
    {
        using var format = await ImageApi.PatchAsync(_demo, _id, [Op("replace", "/disk_format", "floppy")]);
        using var missing = await ImageApi.PatchAsync(_demo, _id, [Op("replace", "/nothing", "x")]);
        using var notString = await ImageApi.PatchAsync(_demo, _id, [Op("add", "/count", 3)]);
        using var mediaType = await ImageApi.PatchAsync(_demo, _id, [Op("replace", "/name", "x")], "application/json");

        await ImageApi.AssertErrorAsync(format, HttpStatusCode.BadRequest, "'floppy' is not one of [None, 'ami'");
        await ImageApi.AssertErrorAsync(missing, HttpStatusCode.Conflict, "Property nothing does not exist.");
        await ImageApi.AssertErrorAsync(notString, HttpStatusCode.BadRequest, "3 is not of type 'string'");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, mediaType.StatusCode);
        Assert.Equal("before", (await ImageApi.ShowAsync(_demo, _id))["name"]!.ToString());
    }

    [Fact]
    public async Task Tags_are_added_once_and_removing_an_absent_tag_is_404()
    {
        using var add = await _demo.PutAsync($"/image/v2/images/{_id}/tags/blue", null);
        using var addAgain = await _demo.PutAsync($"/image/v2/images/{_id}/tags/blue", null);
        Assert.Equal(HttpStatusCode.NoContent, add.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, addAgain.StatusCode);
        Assert.Equal(["blue"], (await ImageApi.ShowAsync(_demo, _id))["tags"]!.AsArray().Select(t => t!.ToString()));

        using var remove = await _demo.DeleteAsync($"/image/v2/images/{_id}/tags/blue");
        using var removeAgain = await _demo.DeleteAsync($"/image/v2/images/{_id}/tags/blue");
        using var noImage = await _demo.PutAsync($"/image/v2/images/{Guid.NewGuid()}/tags/blue", null);

        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removeAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noImage.StatusCode);
        Assert.Empty((await ImageApi.ShowAsync(_demo, _id))["tags"]!.AsArray());
    }
}
