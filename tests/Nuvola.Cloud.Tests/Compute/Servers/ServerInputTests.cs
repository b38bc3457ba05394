using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Servers;

public sealed class ServerInputTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ServerCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    public static TheoryData<string, string> BadCreates => new()
    {
        { "name", "\"\"" },
        { "name", "12345" },
        { "name", "\"" + new string('a', 256) + "\"" },
        { "name", "\" padded \"" },
        { "flavorRef", "\"99999\"" },
        { "imageRef", "\"-1\"" },
        { "imageRef", "\"00000000-0000-0000-0000-000000000000\"" },
        { "networks", "[{\"uuid\": \"not-a-uuid\"}]" },
        { "networks", "[{\"uuid\": \"00000000-0000-0000-0000-000000000000\"}]" },
        { "networks", "\"auto\"" },
        { "user_data", "\"not base64 !!\"" },
        { "metadata", "{\"k\": \"" + new string('v', 256) + "\"}" },
        { "accessIPv6", "\"2001:db8::zz\"" },
        { "availability_zone", "\"elsewhere\"" },
        { "min_count", "0" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Invalid_create_fields_get_400_bad_request(string field, string json)
    {
        var body = _cloud.ServerBody("bad-input");
        body[field] = JsonNode.Parse(json);

        using var response = await _cloud.PostServerAsync(_cloud.Demo, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, (int)(await TestCloud.JsonAsync(response))["badRequest"]!["code"]!);
    }

    [Fact]
    public async Task Malformed_json_and_unknown_actions_get_4xx()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "target");
        using var malformed = await _cloud.Demo.PostAsync("/compute/v2.1/servers", new StringContent("{\"server\": {", Encoding.UTF8, "application/json"));
        using var unknown = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["teleport"] = null });
        using var badReboot = await _cloud.ActionAsync(_cloud.Demo, id, new JsonObject { ["reboot"] = new JsonObject { ["type"] = "GENTLE" } });
        using var missing = await _cloud.ActionAsync(_cloud.Demo, "00000000-0000-0000-0000-000000000000", new JsonObject { ["os-stop"] = null });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badReboot.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
