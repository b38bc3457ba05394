using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Drivers.OpenStack.Session;

namespace Nuvola.Drivers.OpenStack.Tests.Session;

public sealed class OpenStackSessionTests : DriverTestBase
{
    [Fact]
    public async Task Discovery_finds_versioned_endpoints_and_microversions()
    {
        var session = Driver.Session;
        Assert.EndsWith("/image/v2", await session.GetEndpointAsync(ServiceTypes.Image), StringComparison.Ordinal);
        Assert.EndsWith("/network/v2.0", await session.GetEndpointAsync(ServiceTypes.Network), StringComparison.Ordinal);
        Assert.EndsWith("/compute/v2.1", await session.GetEndpointAsync(ServiceTypes.Compute), StringComparison.Ordinal);
        Assert.Equal(new ApiVersion(2, 79), await session.GetMicroversionAsync(ServiceTypes.Compute));
        Assert.Equal(new ApiVersion(3, 60), await session.GetMicroversionAsync(ServiceTypes.Volume));
        var images = await session.SendAsync(ServiceTypes.Image, HttpMethod.Get, "/images");
        Assert.NotEmpty(images.Body!["images"]!.AsArray());
    }

    [Fact]
    public async Task Token_session_for_the_heat_api_acts_with_the_callers_token_and_project()
    {
        var token = await Cloud.TokenAsync("demo");
        var demo = await Driver.Session.GetProjectIdAsync();
        using var driver = OpenStackDriver.FromToken(Cloud.BaseUrl + "/identity", token, demo);
        Assert.Equal(demo, await driver.Session.GetProjectIdAsync());
        Assert.Equal($"openstack:{Cloud.BaseUrl}/identity:{demo}", driver.ConcurrencyKey);
        var net = await driver.CreateAsync(Spec("net", "OS::Neutron::Net", new { name = "via-token" }));
        Assert.Equal(demo, Str(Attrs(net)["project_id"]));
        Assert.Null(await driver.CheckConstraintAsync("neutron.network", "via-token"));
    }

    [Fact]
    public async Task Token_session_without_a_project_takes_the_tokens_own_project()
    {
        using var session = OpenStackSession.FromToken(Cloud.BaseUrl + "/identity/v3", await Cloud.TokenAsync("demo"));
        Assert.Equal(await Driver.Session.GetProjectIdAsync(), await session.GetProjectIdAsync());
        var networks = await session.SendAsync(ServiceTypes.Network, HttpMethod.Get, "/networks?name=private");
        Assert.Single(networks.Body!["networks"]!.AsArray());

        using var bad = OpenStackSession.FromToken(Cloud.BaseUrl + "/identity", "not-a-token");
        var e = await Assert.ThrowsAsync<OpenStackApiException>(() => bad.GetProjectIdAsync());
        Assert.Equal(401, e.StatusCode);
    }

    [Fact]
    public async Task Application_credential_authenticates_unscoped_to_its_project()
    {
        var demo = await Driver.Session.GetProjectIdAsync();
        var created = await Driver.Session.SendAsync(ServiceTypes.Identity, HttpMethod.Get, "/auth/tokens",
            headers: new Dictionary<string, string> { ["X-Subject-Token"] = await Cloud.TokenAsync("demo") });
        var userId = Str(created.Body!["token"]!["user"]!["id"])!;
        var credential = await Driver.Session.SendAsync(ServiceTypes.Identity, HttpMethod.Post, $"/users/{userId}/application_credentials",
            new JsonObject { ["application_credential"] = new JsonObject { ["name"] = "ci" } });
        var id = Str(credential.Body!["application_credential"]!["id"])!;
        var secret = Str(credential.Body!["application_credential"]!["secret"])!;

        using var session = new OpenStackSession(new CloudConfig
        {
            AuthUrl = Cloud.BaseUrl + "/identity/v3",
            AuthType = "v3applicationcredential",
            ApplicationCredentialId = id,
            ApplicationCredentialSecret = secret,
        });
        Assert.Equal(demo, await session.GetProjectIdAsync());
        var networks = await session.SendAsync(ServiceTypes.Network, HttpMethod.Get, "/networks?name=private");
        Assert.Single(networks.Body!["networks"]!.AsArray());
    }

    [Fact]
    public async Task A_revoked_token_is_replaced_on_401_and_the_call_succeeds()
    {
        var session = Driver.Session;
        await session.SendAsync(ServiceTypes.Network, HttpMethod.Get, "/networks");
        using var admin = DriverFor("admin");
        var current = session.CurrentTokenId!;
        await admin.Session.SendAsync(ServiceTypes.Identity, HttpMethod.Delete, "/auth/tokens",
            headers: new Dictionary<string, string> { ["X-Subject-Token"] = current });
        var after = await session.SendAsync(ServiceTypes.Network, HttpMethod.Get, "/networks?name=private");
        Assert.Single(after.Body!["networks"]!.AsArray());
        Assert.NotEqual(current, session.CurrentTokenId);
    }

    [Fact]
    public async Task Wrong_password_names_authentication_status_and_keystones_message()
    {
        using var session = new OpenStackSession(new CloudConfig
        {
            AuthUrl = Cloud.BaseUrl + "/identity",
            Username = "demo",
            Password = "wrong",
            ProjectName = "demo",
        });
        var e = await Assert.ThrowsAsync<OpenStackApiException>(() => session.GetProjectIdAsync());
        Assert.Equal(401, e.StatusCode);
        Assert.Contains("/identity/v3/auth/tokens", e.Call, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(e.CloudMessage));
        Assert.False(e.IsTransient);
        Assert.DoesNotContain("wrong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neutron_and_keystone_error_bodies_become_the_message()
    {
        var neutron = await Assert.ThrowsAsync<OpenStackApiException>(() =>
            Driver.Session.SendAsync(ServiceTypes.Network, HttpMethod.Post, "/networks",
                new JsonObject { ["network"] = new JsonObject { ["admin_state_up"] = "maybe" } }, resource: "OS::Neutron::Net 'x'"));
        Assert.Equal(400, neutron.StatusCode);
        Assert.Equal("OS::Neutron::Net 'x'", neutron.Resource);
        Assert.StartsWith("OS::Neutron::Net 'x': POST ", neutron.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NeutronError", neutron.CloudMessage, StringComparison.Ordinal);
        Assert.StartsWith("req-", neutron.RequestId, StringComparison.Ordinal);

        var keystone = await Assert.ThrowsAsync<OpenStackApiException>(() =>
            Driver.Session.SendAsync(ServiceTypes.Identity, HttpMethod.Get, "/projects/nope"));
        Assert.True(keystone.StatusCode is 403 or 404);
        Assert.DoesNotContain("\"error\"", keystone.CloudMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_formats_and_transient_statuses()
    {
        Assert.Equal("Invalid flavorRef provided.", OpenStackErrors.MessageOf("""{"badRequest": {"message": "Invalid flavorRef provided.", "code": 400}}"""));
        Assert.Equal("Network x could not be found.",
            OpenStackErrors.MessageOf("""{"NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}}"""));
        Assert.Equal("The request you have made requires authentication.",
            OpenStackErrors.MessageOf("""{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}"""));
        Assert.Equal("404 Not Found No image found with ID x",
            OpenStackErrors.MessageOf("<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>No image found with ID x<br /><br /></body></html>"));
        Assert.True(OpenStackErrors.IsTransient(429));
        Assert.True(OpenStackErrors.IsTransient(503));
        Assert.False(OpenStackErrors.IsTransient(409));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(TimeSpan.FromSeconds(7), OpenStackErrors.RetryAfter(new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
    }

    [Fact]
    public async Task Custom_constraints_are_checked_against_the_cloud()
    {
        Assert.Null(await Driver.CheckConstraintAsync("nova.flavor", "m1.tiny"));
        Assert.Null(await Driver.CheckConstraintAsync("nova.flavor", "1"));
        Assert.Equal("no flavor named 'm1.huge'", await Driver.CheckConstraintAsync("nova.flavor", "m1.huge"));
        Assert.Null(await Driver.CheckConstraintAsync("glance.image", "cirros-0.6.2-x86_64-disk"));
        Assert.Equal("no image named 'ubuntu'", await Driver.CheckConstraintAsync("glance.image", "ubuntu"));
        Assert.Null(await Driver.CheckConstraintAsync("neutron.network", "private"));
        Assert.Null(await Driver.CheckConstraintAsync("neutron.subnet", "private-subnet"));
        Assert.NotNull(await Driver.CheckConstraintAsync("neutron.port", "nope"));
        Assert.NotNull(await Driver.CheckConstraintAsync("nova.keypair", "nope"));
        Assert.NotNull(await Driver.CheckConstraintAsync("neutron.router", "nope"));
        Assert.Null(await Driver.CheckConstraintAsync("neutron.security_group", "default"));
        Assert.NotNull(await Driver.CheckConstraintAsync("cinder.volume", "nope"));
        Assert.NotNull(await Driver.CheckConstraintAsync("cinder.vtype", "nope"));
        Assert.Null(await Driver.CheckConstraintAsync("some.unknown", "x"));
    }
}
