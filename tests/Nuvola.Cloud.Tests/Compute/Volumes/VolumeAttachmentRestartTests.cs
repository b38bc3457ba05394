using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Tests.Compute.Volumes;

public sealed class VolumeAttachmentRestartTests
{
    [Fact]
    public async Task Attachments_survive_a_stop_and_start_and_can_be_detached_afterwards()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-attach-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string serverId;
            string volumeId;
            await using (var first = await AttachmentCloud.StartAsync(directory))
            {
                serverId = await first.ActiveServerAsync(first.Servers.Demo, "kept-attached");
                volumeId = await first.VolumeAsync(first.DemoVolumes, "kept-volume");
                await first.AttachInUseAsync(first.Servers.Demo, first.DemoVolumes, serverId, volumeId);
            }

            await using var second = await AttachmentCloud.StartAsync(directory);
            var list = await AttachmentCloud.ListAsync(second.Servers.Demo, serverId);
            Assert.Equal(volumeId, Assert.Single(list)!["volumeId"]!.ToString());
            var volume = await second.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "in-use");
            Assert.Equal(serverId, volume["attachments"]![0]!["server_id"]!.ToString());
            var server = await second.Servers.ShowAsync(second.Servers.Demo, serverId);
            Assert.Equal(volumeId, server["os-extended-volumes:volumes_attached"]![0]!["id"]!.ToString());

            (await AttachmentCloud.DetachAsync(second.Servers.Demo, serverId, volumeId)).Dispose();
            await second.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "available");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
