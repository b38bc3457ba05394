using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class IsolationTests : NeutronTestBase
{
    [Fact]
    public async Task Demo_sees_its_network_and_the_external_one_but_not_admins()
    {
        var (secret, _) = await Admin.NetworkWithSubnetAsync("secret", "10.99.0.0/24");
        var port = await Admin.CreateAsync("ports", "port", new JsonObject { ["network_id"] = secret["id"]!.ToString() });

        var (_, list) = await Demo.GetAsync("networks");
        var (showNet, showBody) = await Demo.GetAsync("networks/" + secret["id"]);
        var (showPort, _) = await Demo.GetAsync("ports/" + port["id"]);
        var (deletePort, _) = await Demo.DeleteAsync("ports/" + port["id"]);
        var (_, ports) = await Demo.GetAsync("ports");
        var (createOn, _) = await Demo.PostAsync("ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = secret["id"]!.ToString() } });

        var names = list!["networks"]!.AsArray().Select(n => n!["name"]!.ToString()).Order().ToList();
        Assert.Equal(["private", "public"], names);
        Assert.Equal(HttpStatusCode.NotFound, showNet);
        Assert.Equal("NetworkNotFound", showBody!["NeutronError"]!["type"]!.ToString());
        Assert.Equal($"Network {secret["id"]} could not be found.", showBody["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, showPort);
        Assert.Equal(HttpStatusCode.NotFound, deletePort);
        Assert.Empty(ports!["ports"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, createOn);
    }

    [Fact]
    public async Task Demo_cannot_change_the_external_network_it_sees()
    {
        var (_, list) = await Demo.GetAsync("networks?router:external=true");
        var id = list!["networks"]![0]!["id"]!.ToString();

        var (rename, _) = await Demo.PutAsync("networks/" + id, new JsonObject { ["network"] = new JsonObject { ["name"] = "mine" } });
        var (delete, _) = await Demo.DeleteAsync("networks/" + id);

        Assert.Equal(HttpStatusCode.Forbidden, rename);
        Assert.Equal(HttpStatusCode.Forbidden, delete);
    }

    [Fact]
    public async Task Admin_sees_every_projects_ports_with_binding_attributes()
    {
        var (_, nets) = await Demo.GetAsync("networks?name=private");
        var port = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = nets!["networks"]![0]!["id"]!.ToString() });

        var (_, adminView) = await Admin.GetAsync("ports/" + port["id"]);

        Assert.False(port.ContainsKey("binding:host_id"));
        Assert.Equal("unbound", adminView!["port"]!["binding:vif_type"]!.ToString());
    }
}
