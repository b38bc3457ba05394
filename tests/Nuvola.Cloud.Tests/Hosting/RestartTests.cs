using System.Net;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hosting;

public sealed class RestartTests
{
    [Fact]
    public async Task Objects_and_unexpired_tokens_survive_a_stop_and_start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string token;
            await using (var first = await TestCloud.StartAsync(directory))
            {
                token = await first.TokenAsync("admin");
            }

            await using var second = await TestCloud.StartAsync(directory);
            using var client = second.ClientWith(token);

            using var response = await client.GetAsync("/identity/v3/projects");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var names = (await TestCloud.JsonAsync(response))["projects"]!.AsArray().Select(p => p!["name"]!.ToString()).ToList();
            Assert.Contains("demo", names);
            Assert.Contains(second.BaseUrl, await File.ReadAllTextAsync(Path.Combine(directory, "clouds.yaml")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
