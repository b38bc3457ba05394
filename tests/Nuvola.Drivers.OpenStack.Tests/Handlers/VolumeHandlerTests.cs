using System.Text.Json.Nodes;

namespace Nuvola.Drivers.OpenStack.Tests.Handlers;

public sealed class VolumeHandlerTests : DriverTestBase
{
    [Fact]
    public async Task Volume_is_created_available_extended_renamed_and_deleted()
    {
        await LifecycleAsync(
            Spec("vol", "OS::Cinder::Volume", new JsonObject { ["size"] = 1, ["name"] = "v1", ["metadata"] = new JsonObject { ["a"] = "b" } }),
            Spec("vol", "OS::Cinder::Volume", new JsonObject { ["size"] = 2, ["name"] = "v2", ["description"] = "bigger" }),
            a =>
            {
                Assert.Equal("available", Str(a["status"]));
                Assert.Equal(1, a["size"]!.GetValue<int>());
                Assert.Equal("b", Str(a["metadata"]!["a"]));
                Assert.Null(a["metadata"]!["nuvola-stack"]);
                Assert.Empty(a["attachments"]!.AsArray());
            },
            a =>
            {
                Assert.Equal(2, a["size"]!.GetValue<int>());
                Assert.Equal("v2", Str(a["display_name"]));
                Assert.Equal("bigger", Str(a["description"]));
            });
    }

    [Fact]
    public async Task Volume_attaches_to_a_server_found_by_name_and_is_found_by_its_stack_tag()
    {
        var volume = await Driver.CreateAsync(Spec("vol", "OS::Cinder::Volume", new { size = 1, name = "data" }));
        var server = await Driver.CreateAsync(Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["name"] = "with-volume",
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "m1.tiny",
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private" }),
        }));

        var attachment = await Driver.CreateAsync(Spec("att", "OS::Cinder::VolumeAttachment",
            new { instance_uuid = "with-volume", volume_id = "data" }));
        Assert.Equal($"{server.PhysicalId}:{volume.PhysicalId}", attachment.PhysicalId);
        var attached = Attrs((await Driver.ReadAsync("OS::Cinder::Volume", volume.PhysicalId))!);
        Assert.Equal("in-use", Str(attached["status"]));
        Assert.Equal(server.PhysicalId, Str(attached["attachments"]![0]!["server_id"]));

        var found = await Driver.FindTaggedAsync(Stack);
        Assert.Contains(found, f => f.Type == "OS::Cinder::Volume" && f.PhysicalId == volume.PhysicalId && f.LogicalName == "vol");

        await Driver.DeleteAsync("OS::Cinder::VolumeAttachment", attachment.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Cinder::VolumeAttachment", attachment.PhysicalId));
        Assert.Equal("available", Str(Attrs((await Driver.ReadAsync("OS::Cinder::Volume", volume.PhysicalId))!)["status"]));
        await Driver.DeleteAsync("OS::Cinder::VolumeAttachment", attachment.PhysicalId);
        await Driver.DeleteAsync("OS::Nova::Server", server.PhysicalId);
        await Driver.DeleteAsync("OS::Cinder::Volume", volume.PhysicalId);
    }

    [Fact]
    public async Task Server_boots_from_an_image_backed_volume()
    {
        var server = await Driver.CreateAsync(Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["flavor"] = "m1.tiny",
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private" }),
            ["block_device_mapping_v2"] = new JsonArray(new JsonObject
            {
                ["image"] = "cirros-0.6.2-x86_64-disk",
                ["volume_size"] = 1,
                ["delete_on_termination"] = true,
            }),
        }));
        var attrs = Attrs(server);
        Assert.Equal("ACTIVE", Str(attrs["status"]));
        Assert.Single(attrs["show"]!["os-extended-volumes:volumes_attached"]!.AsArray());
        await Driver.DeleteAsync("OS::Nova::Server", server.PhysicalId);
    }
}
