using System.Net;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Tests.Network;

/// <summary>Neutron's policy gives the provider attributes to the admin: a member asking for them gets 403, not a network.</summary>
public sealed class ProviderAttributeTests : NeutronTestBase
{
    [Theory]
    [InlineData("provider:network_type", "\"vlan\"")]
    [InlineData("provider:segmentation_id", "101")]
    [InlineData("provider:physical_network", "\"physnet1\"")]
    public async Task A_member_asking_for_a_provider_attribute_is_refused_and_nothing_is_made(string attribute, string value)
    {
        var body = new JsonObject { ["network"] = new JsonObject { ["name"] = "wired", [attribute] = JsonNode.Parse(value) } };

        var (status, answer) = await Demo.PostAsync("networks", body);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("PolicyNotAuthorized", answer!["NeutronError"]!["type"]!.ToString());
        Assert.Contains($"rule:create_network:{attribute}", answer["NeutronError"]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Empty((await Demo.GetAsync("networks?name=wired")).Body!["networks"]!.AsArray());
    }

    [Fact]
    public async Task The_admin_may_give_provider_attributes()
    {
        var body = new JsonObject { ["network"] = new JsonObject { ["name"] = "wired", ["provider:network_type"] = "vxlan" } };

        var (status, _) = await Admin.PostAsync("networks", body);

        Assert.Equal(HttpStatusCode.Created, status);
    }
}
