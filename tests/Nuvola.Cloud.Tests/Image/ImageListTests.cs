using System.Net;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

public sealed class ImageListTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _demo = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
        await ImageApi.CreateWithDataAsync(_demo, "small", new byte[100], "private", "x86", "linux");
        await ImageApi.CreateWithDataAsync(_demo, "medium", new byte[2000], "private", "x86");
        await ImageApi.CreateWithDataAsync(_demo, "large", new byte[5000], "shared");
    }

    public async Task DisposeAsync()
    {
        _demo.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    private static List<string> Names(IEnumerable<System.Text.Json.Nodes.JsonObject> images) => images.Select(i => i["name"]!.ToString()).ToList();

    [Fact]
    public async Task Filters_by_name_visibility_size_range_and_every_tag()
    {
        Assert.Equal(["medium"], Names(await ImageApi.ListAsync(_demo, "?name=medium")));
        Assert.Equal(["medium", "small"], Names(await ImageApi.ListAsync(_demo, "?visibility=private&sort=name:asc")));
        Assert.Equal(["medium"], Names(await ImageApi.ListAsync(_demo, "?size_min=1000&size_max=3000")));
        Assert.Equal(["medium", "small"], Names(await ImageApi.ListAsync(_demo, "?tag=x86&sort_key=name&sort_dir=asc")));
        Assert.Equal(["small"], Names(await ImageApi.ListAsync(_demo, "?tag=x86&tag=linux")));
        Assert.Equal(["cirros-0.6.2-x86_64-disk"], Names(await ImageApi.ListAsync(_demo, "?visibility=public")));
        Assert.Equal(4, (await ImageApi.ListAsync(_demo, "?status=active")).Count);
    }

    [Fact]
    public async Task Sorts_by_size_descending_in_both_syntaxes()
    {
        var expected = new List<string> { "large", "cirros-0.6.2-x86_64-disk", "medium", "small" };

        Assert.Equal(expected, Names(await ImageApi.ListAsync(_demo, "?sort=size:desc")));
        Assert.Equal(expected, Names(await ImageApi.ListAsync(_demo, "?sort_key=size&sort_dir=desc")));
    }

    [Fact]
    public async Task Pages_with_limit_and_marker_following_next_links()
    {
        var seen = new List<string>();
        var url = "/image/v2/images?limit=2&sort=name:asc";
        while (url is not null)
        {
            using var response = await _demo.GetAsync(url);
            var body = await TestCloud.JsonAsync(response);
            Assert.Equal("/v2/schemas/images", body["schema"]!.ToString());
            Assert.StartsWith("/v2/images?", body["first"]!.ToString());
            seen.AddRange(body["images"]!.AsArray().Select(i => i!["name"]!.ToString()));
            url = body["next"] is { } next ? "/image" + next : null;
        }

        Assert.Equal(["cirros-0.6.2-x86_64-disk", "large", "medium", "small"], seen);
    }

    [Fact]
    public async Task Bad_sort_key_limit_and_visibility_are_400()
    {
        using var sortKey = await _demo.GetAsync("/image/v2/images?sort_key=owner");
        using var limit = await _demo.GetAsync("/image/v2/images?limit=abc");
        using var visibility = await _demo.GetAsync("/image/v2/images?visibility=secret");

        await ImageApi.AssertErrorAsync(sortKey, HttpStatusCode.BadRequest, "Invalid sort key: owner.");
        await ImageApi.AssertErrorAsync(limit, HttpStatusCode.BadRequest, "limit param must be an integer");
        await ImageApi.AssertErrorAsync(visibility, HttpStatusCode.BadRequest, "Invalid visibility value: secret");
    }
}
