using System.Net;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

public sealed class ImageRestartTests
{
    [Fact]
    public async Task Images_and_their_data_survive_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-image-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            string token;
            await using (var first = await TestCloud.StartAsync(directory))
            {
                token = await first.TokenAsync("demo");
                using var client = first.ClientWith(token);
                id = await ImageApi.CreateWithDataAsync(client, "keeper", [7, 7, 7, 7], "private", "kept");
            }

            await using var second = await TestCloud.StartAsync(directory);
            using var again = second.ClientWith(token);

            var image = await ImageApi.ShowAsync(again, id);
            using var data = await again.GetAsync($"/image/v2/images/{id}/file");

            Assert.Equal("active", image["status"]!.ToString());
            Assert.Equal("kept", image["tags"]![0]!.ToString());
            Assert.Equal(HttpStatusCode.OK, data.StatusCode);
            Assert.Equal(new byte[] { 7, 7, 7, 7 }, await data.Content.ReadAsByteArrayAsync());
            Assert.Single((await ImageApi.ListAsync(again, "?name=cirros-0.6.2-x86_64-disk")));
            Assert.Empty(second.Log.Faults());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
