using System.Net;
using Nuvola.Cloud.Tests.Compute.Servers;

namespace Nuvola.Cloud.Tests.Compute.ServerGroups;

public sealed class ServerGroupRestartTests
{
    [Fact]
    public async Task Groups_members_and_interface_tags_survive_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-groups-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string group, server, portId;
            await using (var first = await ServerCloud.StartAsync(directory))
            {
                group = await ServerGroupTests.CreateGroupAsync(first.Demo, "kept", "anti-affinity", maxPerHost: 2);
                server = await ServerGroupTests.CreateMemberAsync(first, first.Demo, "kept-1", group);
                await first.WaitForStatusAsync(first.Demo, server, "ACTIVE");
                var attach = new System.Text.Json.Nodes.JsonObject
                {
                    ["interfaceAttachment"] = new System.Text.Json.Nodes.JsonObject { ["net_id"] = first.NetworkId, ["tag"] = "kept-nic" },
                };
                portId = (await first.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/compute/v2.1/servers/{server}/os-interface", attach, "2.70"))["interfaceAttachment"]!["port_id"]!.ToString();
            }

            await using var second = await ServerCloud.StartAsync(directory);

            var shown = (await second.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/compute/v2.1/os-server-groups/" + group, version: "2.64"))["server_group"]!;
            var interfaces = (await second.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/compute/v2.1/servers/{server}/os-interface", version: "2.70"))["interfaceAttachments"]!.AsArray();
            Assert.Equal("anti-affinity", shown["policy"]!.ToString());
            Assert.Equal(2, (int)shown["rules"]!["max_server_per_host"]!);
            Assert.Equal([server], shown["members"]!.AsArray().Select(m => m!.ToString()));
            Assert.Contains(interfaces, i => i!["port_id"]!.ToString() == portId && i["tag"]!.ToString() == "kept-nic");
            Assert.Equal($"[\"{group}\"]", (await second.ShowAsync(second.Demo, server, "2.71"))["server_groups"]!.ToJsonString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
