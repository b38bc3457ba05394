using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

public sealed class ImageDataTests : IAsyncLifetime
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
        _demo.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Created_image_is_queued_with_every_glance_field_and_a_location()
    {
        using var response = await _demo.PostAsync("/image/v2/images", ImageApi.Json(new JsonObject
        {
            ["name"] = "new",
            ["disk_format"] = "qcow2",
            ["container_format"] = "bare",
            ["ramdisk_id"] = "00000000-1111-2222-3333-444455556666",
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var image = await TestCloud.JsonAsync(response);
        var id = image["id"]!.ToString();
        Assert.Equal(_cloud.BaseUrl + "/image/v2/images/" + id, response.Headers.Location!.ToString());
        Assert.Equal("queued", image["status"]!.ToString());
        Assert.Equal("shared", image["visibility"]!.ToString());
        Assert.Equal("00000000-1111-2222-3333-444455556666", image["ramdisk_id"]!.ToString());
        foreach (var field in new[] { "checksum", "size", "virtual_size", "os_hash_algo", "os_hash_value" })
        {
            Assert.True(image.ContainsKey(field) && image[field] is null, field + " is shown as null");
        }

        Assert.Equal($"/v2/images/{id}/file", image["file"]!.ToString());
        Assert.Equal("/v2/schemas/image", image["schema"]!.ToString());
        Assert.False((bool)image["protected"]!);
        Assert.False((bool)image["os_hidden"]!);
    }

    [Fact]
    public async Task Upload_then_download_returns_the_same_bytes_with_md5_and_sha512()
    {
        var data = RandomNumberGenerator.GetBytes(300_000);
        var id = await ImageApi.CreateWithDataAsync(_demo, "roundtrip", data);

        var image = await ImageApi.ShowAsync(_demo, id);
        using var download = await _demo.GetAsync($"/image/v2/images/{id}/file");

        Assert.Equal("active", image["status"]!.ToString());
        Assert.Equal(300_000, (long)image["size"]!);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), image["checksum"]!.ToString());
        Assert.Equal("sha512", image["os_hash_algo"]!.ToString());
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(data)), image["os_hash_value"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(image["checksum"]!.ToString(), download.Content.Headers.NonValidated["Content-MD5"].ToString());
        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_before_upload_is_204_and_a_second_upload_is_409()
    {
        var image = await ImageApi.CreateAsync(_demo, new JsonObject { ["name"] = "empty", ["disk_format"] = "raw", ["container_format"] = "bare" });
        var id = image["id"]!.ToString();

        using var empty = await _demo.GetAsync($"/image/v2/images/{id}/file");
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);

        using var first = await ImageApi.UploadAsync(_demo, id, [1, 2, 3]);
        using var second = await ImageApi.UploadAsync(_demo, id, [4, 5, 6]);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await ImageApi.AssertErrorAsync(second, HttpStatusCode.Conflict, "Image status transition from active to saving is not allowed");
    }

    [Fact]
    public async Task Upload_needs_formats_and_octet_stream()
    {
        var image = await ImageApi.CreateAsync(_demo, new JsonObject { ["name"] = "no-formats" });
        var id = image["id"]!.ToString();

        using var noFormats = await ImageApi.UploadAsync(_demo, id, [1]);
        using var wrongType = await _demo.PutAsync($"/image/v2/images/{id}/file", ImageApi.Json(new JsonObject()));

        await ImageApi.AssertErrorAsync(noFormats, HttpStatusCode.BadRequest, "Properties disk_format, container_format must be set prior to saving data.");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Fact]
    public async Task Deactivated_image_cannot_be_downloaded_until_reactivated()
    {
        var id = await ImageApi.CreateWithDataAsync(_demo, "deact", [9, 9, 9]);

        using var deactivate = await _demo.PostAsync($"/image/v2/images/{id}/actions/deactivate", null);
        Assert.Equal(HttpStatusCode.NoContent, deactivate.StatusCode);
        Assert.Equal("deactivated", (await ImageApi.ShowAsync(_demo, id))["status"]!.ToString());
        using var refused = await _demo.GetAsync($"/image/v2/images/{id}/file");
        await ImageApi.AssertErrorAsync(refused, HttpStatusCode.Forbidden, "The requested image has been deactivated. Image data download is forbidden.");

        using var reactivate = await _demo.PostAsync($"/image/v2/images/{id}/actions/reactivate", null);
        Assert.Equal(HttpStatusCode.NoContent, reactivate.StatusCode);
        using var allowed = await _demo.GetAsync($"/image/v2/images/{id}/file");
        Assert.Equal(new byte[] { 9, 9, 9 }, await allowed.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Deleted_image_is_gone_with_its_data_and_protected_images_refuse_deletion()
    {
        var id = await ImageApi.CreateWithDataAsync(_demo, "doomed", [1, 2]);
        using var protect = await ImageApi.PatchAsync(_demo, id, [new JsonObject { ["op"] = "replace", ["path"] = "/protected", ["value"] = true }]);
        Assert.Equal(HttpStatusCode.OK, protect.StatusCode);

        using var refused = await _demo.DeleteAsync($"/image/v2/images/{id}");
        await ImageApi.AssertErrorAsync(refused, HttpStatusCode.Forbidden, $"Image {id} is protected and cannot be deleted.");

        using var unprotect = await ImageApi.PatchAsync(_demo, id, [new JsonObject { ["op"] = "replace", ["path"] = "/protected", ["value"] = false }]);
        using var deleted = await _demo.DeleteAsync($"/image/v2/images/{id}");
        using var show = await _demo.GetAsync($"/image/v2/images/{id}");
        using var again = await _demo.DeleteAsync($"/image/v2/images/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ImageApi.AssertErrorAsync(show, HttpStatusCode.NotFound, $"No image found with ID {id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.False(File.Exists(Path.Combine(_cloud.DataDirectory, "images", id)));
    }

    [Fact]
    public async Task An_empty_image_id_is_404_for_show_and_delete()
    {
        using var show = await _demo.GetAsync("/image/v2/images/");
        using var delete = await _demo.DeleteAsync("/image/v2/images/");

        Assert.Equal(HttpStatusCode.NotFound, show.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }
}
