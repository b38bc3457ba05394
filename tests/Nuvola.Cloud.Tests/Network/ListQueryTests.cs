using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class ListQueryTests : NeutronTestBase
{
    protected override async Task SetUpAsync()
    {
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta", "epsilon" })
        {
            await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = name, ["admin_state_up"] = name != "beta" });
        }
    }

    private static List<string> Names(JsonObject? body) => body!["networks"]!.AsArray().Select(n => n!["name"]!.ToString()).ToList();

    [Fact]
    public async Task Filters_match_attributes_and_repeated_keys_mean_any()
    {
        var (_, byName) = await Demo.GetAsync("networks?name=alpha&name=gamma");
        var (_, down) = await Demo.GetAsync("networks?admin_state_up=False");
        var (_, both) = await Demo.GetAsync("networks?name=alpha&admin_state_up=false");

        Assert.Equal(["alpha", "gamma"], Names(byName).Order().ToList());
        Assert.Equal(["beta"], Names(down));
        Assert.Empty(Names(both));
    }

    [Fact]
    public async Task Fields_select_attributes_of_lists_and_shows()
    {
        var (_, list) = await Demo.GetAsync("networks?name=alpha&fields=id&fields=name");
        var id = list!["networks"]![0]!["id"]!.ToString();
        var (_, show) = await Demo.GetAsync($"networks/{id}?fields=status");

        Assert.Equal(["id", "name"], list["networks"]![0]!.AsObject().Select(p => p.Key).Order().ToList());
        Assert.Equal(["status"], show!["network"]!.AsObject().Select(p => p.Key).ToList());
    }

    [Fact]
    public async Task Sorting_and_paging_walk_the_list_with_next_and_previous_links()
    {
        var (_, first) = await Demo.GetAsync("networks?sort_key=name&sort_dir=asc&limit=2&name=alpha&name=beta&name=gamma&name=delta&name=epsilon");
        Assert.Equal(["alpha", "beta"], Names(first));
        var next = first!["networks_links"]!.AsArray().Single(l => l!["rel"]!.ToString() == "next")!["href"]!.ToString();

        var (_, second) = await Demo.GetAsync(next[(next.IndexOf("/v2.0/", StringComparison.Ordinal) + 6)..]);
        Assert.Equal(["delta", "epsilon"], Names(second));
        var rels = second!["networks_links"]!.AsArray().Select(l => l!["rel"]!.ToString()).ToList();
        Assert.Contains("previous", rels);
        var previous = second["networks_links"]!.AsArray().Single(l => l!["rel"]!.ToString() == "previous")!["href"]!.ToString();

        var (_, back) = await Demo.GetAsync(previous[(previous.IndexOf("/v2.0/", StringComparison.Ordinal) + 6)..]);
        Assert.Equal(["alpha", "beta"], Names(back));
        var (_, desc) = await Demo.GetAsync("networks?sort_key=name&sort_dir=desc&name=alpha&name=beta");
        Assert.Equal(["beta", "alpha"], Names(desc));
    }

    [Fact]
    public async Task Tags_are_set_listed_filtered_and_removed()
    {
        var (_, list) = await Demo.GetAsync("networks?name=alpha");
        var id = list!["networks"]![0]!["id"]!.ToString();

        var (added, _) = await Demo.PutAsync($"networks/{id}/tags/red");
        var (replaced, tags) = await Demo.PutAsync($"networks/{id}/tags", new JsonObject { ["tags"] = new JsonArray("red", "blue") });
        var (_, tagged) = await Demo.GetAsync("networks?tags=red,blue");
        var (_, notTagged) = await Demo.GetAsync("networks?not-tags-any=red");
        var (removed, _) = await Demo.DeleteAsync($"networks/{id}/tags/red");
        var (missing, missingBody) = await Demo.DeleteAsync($"networks/{id}/tags/red");

        Assert.Equal(HttpStatusCode.Created, added);
        Assert.Equal(HttpStatusCode.OK, replaced);
        Assert.Equal(["red", "blue"], tags!["tags"]!.AsArray().Select(t => t!.ToString()).ToList());
        Assert.Equal(["alpha"], Names(tagged));
        Assert.DoesNotContain("alpha", Names(notTagged));
        Assert.Equal(HttpStatusCode.NoContent, removed);
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("TagNotFound", missingBody!["NeutronError"]!["type"]!.ToString());
    }

    [Fact]
    public async Task Quotas_show_defaults_for_the_own_project_only()
    {
        var (_, network) = await Demo.GetAsync("networks?name=alpha");
        var project = network!["networks"]![0]!["project_id"]!.ToString();

        var (status, quota) = await Demo.GetAsync("quotas/" + project);
        var (other, _) = await Demo.GetAsync("quotas/someone-else");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(100, (int)quota!["quota"]!["network"]!);
        Assert.Equal(HttpStatusCode.Forbidden, other);
    }
}
