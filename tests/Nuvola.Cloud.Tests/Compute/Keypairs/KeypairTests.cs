using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Keypairs;

public sealed class KeypairTests : IAsyncLifetime
{
    private const string Ed25519Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIJHGCrddxr/dseUB/EtUIgP9UUgWFoeICXbkP6vSgym test@nuvola";
    private const string Ed25519Md5 = "f8:c2:8d:61:c5:c0:91:da:16:41:33:45:84:01:15:16";

    private TestCloud _cloud = null!;
    private HttpClient _demo = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
        _admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        _demo.Dispose();
        _admin.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Importing_a_public_key_gives_the_openssh_md5_fingerprint()
    {
        using var created = await _demo.PostAsJsonAsync("/compute/v2.1/os-keypairs", Keypair("imported", Ed25519Key));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var keypair = (await TestCloud.JsonAsync(created))["keypair"]!;
        Assert.Equal(Ed25519Md5, keypair["fingerprint"]!.ToString());
        Assert.Null(keypair["private_key"]);
    }

    [Fact]
    public async Task Creating_without_a_public_key_returns_the_private_key_once()
    {
        using var created = await _demo.PostAsJsonAsync("/compute/v2.1/os-keypairs", Keypair("generated"));
        var keypair = (await TestCloud.JsonAsync(created))["keypair"]!;
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", keypair["private_key"]!.ToString());
        Assert.StartsWith("ssh-rsa ", keypair["public_key"]!.ToString());
        Assert.Matches("^([0-9a-f]{2}:){15}[0-9a-f]{2}$", keypair["fingerprint"]!.ToString());

        using var shown = await _demo.GetAsync("/compute/v2.1/os-keypairs/generated");
        var detail = (await TestCloud.JsonAsync(shown))["keypair"]!;
        Assert.Null(detail["private_key"]);
        Assert.Equal(keypair["fingerprint"]!.ToString(), detail["fingerprint"]!.ToString());
        Assert.False(detail["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task From_2_2_the_type_is_shown_create_answers_201_and_delete_204()
    {
        using var create = Versioned(HttpMethod.Post, "/compute/v2.1/os-keypairs", "2.2");
        var body = Keypair("x509-one");
        body["keypair"]!["type"] = "x509";
        create.Content = JsonContent.Create(body);
        using var created = await _demo.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("x509", (await TestCloud.JsonAsync(created))["keypair"]!["type"]!.ToString());

        using var list = Versioned(HttpMethod.Get, "/compute/v2.1/os-keypairs", "2.2");
        using var listed = await _demo.SendAsync(list);
        Assert.Equal("x509", (await TestCloud.JsonAsync(listed))["keypairs"]![0]!["keypair"]!["type"]!.ToString());

        using var delete = Versioned(HttpMethod.Delete, "/compute/v2.1/os-keypairs/x509-one", "2.2");
        using var deleted = await _demo.SendAsync(delete);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Key_pairs_are_per_user_duplicates_conflict_and_bad_keys_are_refused()
    {
        using var first = await _demo.PostAsJsonAsync("/compute/v2.1/os-keypairs", Keypair("mine", Ed25519Key));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var again = await _demo.PostAsJsonAsync("/compute/v2.1/os-keypairs", Keypair("mine", Ed25519Key));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Key pair 'mine' already exists.", (await TestCloud.JsonAsync(again))["conflictingRequest"]!["message"]!.ToString());

        using var other = await _admin.GetAsync("/compute/v2.1/os-keypairs/mine");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        using var bad = await _demo.PostAsJsonAsync("/compute/v2.1/os-keypairs", Keypair("bad", "ssh-rsa not-base64"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unsafeName = await _demo.PostAsJsonAsync("/compute/v2.1/os-keypairs", Keypair("bad/name", Ed25519Key));
        Assert.Equal(HttpStatusCode.BadRequest, unsafeName.StatusCode);
    }

    [Fact]
    public async Task From_2_10_only_admin_may_address_another_users_key_pairs()
    {
        using var list = Versioned(HttpMethod.Get, "/compute/v2.1/os-keypairs?user_id=someone-else", "2.10");
        using var refused = await _demo.SendAsync(list);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var adminList = Versioned(HttpMethod.Get, "/compute/v2.1/os-keypairs?user_id=someone-else", "2.10");
        using var allowed = await _admin.SendAsync(adminList);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private static JsonObject Keypair(string name, string? publicKey = null)
    {
        var keypair = new JsonObject { ["name"] = name };
        if (publicKey is not null)
        {
            keypair["public_key"] = publicKey;
        }

        return new JsonObject { ["keypair"] = keypair };
    }

    private static HttpRequestMessage Versioned(HttpMethod method, string url, string version)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("OpenStack-API-Version", "compute " + version);
        return request;
    }
}
