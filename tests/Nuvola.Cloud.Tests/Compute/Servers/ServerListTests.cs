using System.Net;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Servers;

public sealed class ServerListTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;
    private string _alpha = null!;
    private string _beta = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ServerCloud.StartAsync();
        _alpha = await _cloud.CreateAsync(_cloud.Demo, "alpha-1");
        _beta = await _cloud.CreateAsync(_cloud.Demo, "beta-1");
        await _cloud.WaitForStatusAsync(_cloud.Demo, _alpha, "ACTIVE");
        await _cloud.WaitForStatusAsync(_cloud.Demo, _beta, "ACTIVE");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Theory]
    [InlineData("name=alph", true, false)]
    [InlineData("name=^beta", false, true)]
    [InlineData("status=ACTIVE", true, true)]
    [InlineData("status=SHUTOFF", false, false)]
    [InlineData("flavor=1", true, true)]
    [InlineData("flavor=99999", false, false)]
    [InlineData("image=00000000-0000-0000-0000-000000000000", false, false)]
    [InlineData("changes-since=2999-01-01T00:00:00Z", false, false)]
    public async Task Detail_filters_select_the_matching_servers(string query, bool alpha, bool beta)
    {
        var ids = await IdsAsync("/compute/v2.1/servers/detail?" + query);

        Assert.Equal(alpha, ids.Contains(_alpha));
        Assert.Equal(beta, ids.Contains(_beta));
    }

    [Fact]
    public async Task Image_and_ip_filters_match_the_servers_image_and_address()
    {
        var server = await _cloud.ShowAsync(_cloud.Demo, _alpha);
        var ip = server["addresses"]!["private"]![0]!["addr"]!.ToString();

        var byImage = await IdsAsync("/compute/v2.1/servers?image=" + _cloud.ImageId);
        var byIp = await IdsAsync("/compute/v2.1/servers?ip=" + ip.Replace(".", "\\.", StringComparison.Ordinal) + "$");

        Assert.Contains(_alpha, byImage);
        Assert.Equal([_alpha], byIp);
    }

    [Fact]
    public async Task Limit_pages_with_a_next_link_whose_marker_gives_the_rest()
    {
        using var first = await _cloud.Demo.GetAsync("/compute/v2.1/servers?limit=1");
        var body = await TestCloud.JsonAsync(first);
        var next = new Uri(body["servers_links"]![0]!["href"]!.ToString());

        var rest = await IdsAsync(next.PathAndQuery);

        Assert.Single(body["servers"]!.AsArray());
        Assert.Single(rest);
        Assert.NotEqual(body["servers"]![0]!["id"]!.ToString(), rest[0]);
    }

    [Theory]
    [InlineData("limit=-1")]
    [InlineData("limit=abc")]
    [InlineData("changes-since=not-a-date")]
    [InlineData("changes-since=2011/01/01")]
    [InlineData("marker=00000000-0000-0000-0000-000000000000")]
    public async Task Invalid_list_parameters_get_400(string query)
    {
        using var response = await _cloud.Demo.GetAsync("/compute/v2.1/servers?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<List<string>> IdsAsync(string path)
    {
        using var response = await _cloud.Demo.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["servers"]!.AsArray().Select(s => s!["id"]!.ToString()).ToList();
    }
}
