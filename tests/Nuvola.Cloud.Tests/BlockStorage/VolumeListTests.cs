using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

public sealed class VolumeListTests
{
    [Fact]
    public async Task Lists_filter_by_name_and_metadata_sort_and_page_with_next_links()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        foreach (var name in new[] { "b", "a", "c" })
        {
            await api.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["name"] = name, ["metadata"] = new JsonObject { ["tier"] = name == "c" ? "gold" : "silver" } });
        }

        using var byName = await api.GetAsync("/volumes?name=a");
        Assert.Equal(["a"], Names(await TestCloud.JsonAsync(byName)));
        using var byMetadata = await api.GetAsync("/volumes/detail?metadata=" + Uri.EscapeDataString("{\"tier\": \"gold\"}"));
        Assert.Equal(["c"], Names(await TestCloud.JsonAsync(byMetadata)));
        using var badStatus = await api.GetAsync("/volumes?status=nonsense");
        Assert.Empty(Names(await TestCloud.JsonAsync(badStatus)));

        using var first = await api.GetAsync("/volumes?sort=name:asc&limit=2");
        var firstPage = await TestCloud.JsonAsync(first);
        Assert.Equal(["a", "b"], Names(firstPage));
        var next = new Uri(firstPage["volumes_links"]![0]!["href"]!.ToString());
        using var second = await api.Client.GetAsync(next.PathAndQuery);
        Assert.Equal(["c"], Names(await TestCloud.JsonAsync(second)));

        using var badSort = await api.GetAsync("/volumes?sort=name:sideways");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        using var badMarker = await api.GetAsync("/volumes?marker=nope");
        Assert.Equal(HttpStatusCode.NotFound, badMarker.StatusCode);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Volume_and_snapshot_metadata_can_be_set_shown_and_deleted_by_key()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        var id = (await api.CreateVolumeAsync(new JsonObject { ["size"] = 1 }))["id"]!.ToString();
        var snapshotId = (await api.CreateSnapshotAsync(id, "s"))["id"]!.ToString();

        foreach (var path in new[] { $"/volumes/{id}", $"/snapshots/{snapshotId}" })
        {
            using var set = await api.PostAsync(path + "/metadata", new JsonObject { ["metadata"] = new JsonObject { ["k1"] = "v1", ["k2"] = "v2" } });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            using var item = await api.GetAsync(path + "/metadata/k1");
            Assert.Equal("v1", (await TestCloud.JsonAsync(item))["meta"]!["k1"]!.ToString());
            using var delete = await api.DeleteAsync(path + "/metadata/k1");
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
            using var all = await api.GetAsync(path + "/metadata");
            var metadata = (await TestCloud.JsonAsync(all))["metadata"]!.AsObject();
            Assert.False(metadata.ContainsKey("k1"));
            Assert.Equal("v2", metadata["k2"]!.ToString());
            using var missing = await api.GetAsync(path + "/metadata/k1");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        Assert.Empty(cloud.Log.Faults());
    }

    private static List<string> Names(JsonObject body) => body["volumes"]!.AsArray().Select(v => v!["name"]!.ToString()).ToList();
}
