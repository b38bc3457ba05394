namespace Nuvola.Cloud.Tests.Compute.Servers;

public sealed class ServerRestartTests
{
    [Fact]
    public async Task A_server_left_building_at_shutdown_becomes_active_after_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-servers-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            await using (var first = await ServerCloud.StartAsync(directory, o => o with { BuildDelay = TimeSpan.FromHours(1) }))
            {
                id = await first.CreateAsync(first.Demo, "slow-builder");
                Assert.Equal("BUILD", (await first.ShowAsync(first.Demo, id))["status"]!.ToString());
            }

            await using var second = await ServerCloud.StartAsync(directory);

            var server = await second.WaitForStatusAsync(second.Demo, id, "ACTIVE");
            Assert.Equal("slow-builder", server["name"]!.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
