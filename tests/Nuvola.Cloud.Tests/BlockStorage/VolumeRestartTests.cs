using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

public sealed class VolumeRestartTests
{
    [Fact]
    public async Task Volumes_and_their_files_survive_a_stop_and_start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-volume-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            await using (var first = await TestCloud.StartAsync(directory))
            {
                using var api = await VolumeApi.ForAsync(first, "demo");
                id = (await api.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["name"] = "kept" }))["id"]!.ToString();
            }

            await using var second = await TestCloud.StartAsync(directory);
            using var again = await VolumeApi.ForAsync(second, "demo");
            using var response = await again.GetAsync($"/volumes/{id}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("kept", (await TestCloud.JsonAsync(response))["volume"]!["name"]!.ToString());
            Assert.True(File.Exists(Path.Combine(directory, "volumes", id + ".img")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
