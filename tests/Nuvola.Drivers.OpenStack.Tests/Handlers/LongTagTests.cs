using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Tests.Handlers;

/// <summary>Stack and resource names that do not fit OpenStack's 60-character tags still create and are still found.</summary>
public sealed class LongTagTests : DriverTestBase
{
    private static readonly string LongStack = "a-very-long-stack-name-" + new string('s', 50);

    [Fact]
    public async Task Long_stack_name_is_hashed_into_a_searchable_tag()
    {
        var net = await Driver.CreateAsync(SpecIn(LongStack, "n", "OS::Neutron::Net", new JsonObject { ["name"] = "long" }));
        var tags = Strings(Attrs(net)["show"]!["tags"]);
        Assert.All(tags, t => Assert.True(t.Length <= 60, t));
        Assert.Contains(await Driver.FindTaggedAsync(LongStack), f => f.PhysicalId == net.PhysicalId && f.LogicalName == "n");
        Assert.Empty(Strings(Attrs(net)["tags"]));
    }

    [Fact]
    public async Task Server_with_a_long_nested_logical_name_is_found_through_its_metadata()
    {
        var logical = "outer.group.0.inner.a_rather_long_server_name/with-slash";
        var server = await Driver.CreateAsync(SpecIn(Stack, logical, "OS::Nova::Server", new JsonObject
        {
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "m1.tiny",
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private" }),
        }));
        Assert.Contains(await Driver.FindTaggedAsync(Stack), f => f.PhysicalId == server.PhysicalId && f.LogicalName == logical);
        Assert.Empty(Attrs(server)["metadata"]!.AsObject());
        await Driver.DeleteAsync("OS::Nova::Server", server.PhysicalId);
    }

    private static ResourceSpec SpecIn(string stack, string name, string type, JsonObject properties) =>
        new(stack, name, type, JsonSerializer.SerializeToElement(properties), EngineTags.For(stack, name));
}
