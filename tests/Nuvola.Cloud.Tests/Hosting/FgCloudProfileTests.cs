using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hosting;

/// <summary>
/// The fg-cloud profile provides what the seed's Ansible playbook (launch_instance.ansible.yml) names: image
/// 2ba4257c-…, key pair cloudkey of nom_utilisateur, flavor 2, and a router from formation-net to ext-net so that
/// auto_ip can bind a floating IP.
/// </summary>
public sealed class FgCloudProfileTests : IAsyncLifetime
{
    private const string SeedImageId = "2ba4257c-eb25-4e0b-bf9e-38b2f10822b9";
    private TestCloud _cloud = null!;
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync(profile: "fg-cloud");
        _user = _cloud.ClientWith(await _cloud.TokenAsync("nom_utilisateur", "super_mdp", "FG_formation"));
    }

    public async Task DisposeAsync()
    {
        _user.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task The_playbooks_image_id_and_key_pair_are_there_for_nom_utilisateur()
    {
        var image = await GetAsync(_user, "/image/v2/images/" + SeedImageId);
        Assert.Equal("FG_Cloud-Ubuntu-16.04-x86_64", image["name"]!.ToString());
        Assert.Equal("active", image["status"]!.ToString());

        var keypair = (await GetAsync(_user, "/compute/v2.1/os-keypairs/cloudkey"))["keypair"]!;
        Assert.Equal("cloudkey", keypair["name"]!.ToString());
        var publicKey = keypair["public_key"]!.ToString();
        Assert.StartsWith("ssh-rsa ", publicKey, StringComparison.Ordinal);
        Assert.Matches("^([0-9a-f]{2}:){15}[0-9a-f]{2}$", keypair["fingerprint"]!.ToString());

        // The private half is in the data directory, readable by its owner only, and matches the public key.
        var pem = Path.Combine(_cloud.DataDirectory, "cloudkey.pem");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pem));
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(pem));
        Assert.Equal(rsa.ExportParameters(false).Modulus, SshRsaModulus(publicKey));

        // Key pairs belong to their user: the admin has none by that name.
        using var admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        using var adminKeypair = await admin.GetAsync("/compute/v2.1/os-keypairs/cloudkey");
        Assert.Equal(HttpStatusCode.NotFound, adminKeypair.StatusCode);
    }

    [Fact]
    public async Task A_server_booted_as_the_playbook_does_gets_a_floating_ip_from_ext_net()
    {
        // One external network, as on FG-Cloud: openstacksdk's auto_ip takes the first one listed.
        var externals = (await GetAsync(_user, "/network/v2.0/networks?router:external=true"))["networks"]!.AsArray();
        Assert.Equal(["ext-net"], externals.Select(n => n!["name"]!.ToString()));
        var extNet = externals[0]!["id"]!.ToString();
        var router = (await GetAsync(_user, "/network/v2.0/routers?name=formation-router"))["routers"]![0]!;
        Assert.Equal(extNet, router["external_gateway_info"]!["network_id"]!.ToString());

        // What openstacksdk sends for the playbook's os_server task: image by id, flavor "2", key_name,
        // security group by name, no network named (networks "auto" from 2.37 on).
        using var create = new HttpRequestMessage(HttpMethod.Post, "/compute/v2.1/servers")
        {
            Content = new StringContent(new JsonObject
            {
                ["server"] = new JsonObject
                {
                    ["name"] = "vm1",
                    ["imageRef"] = SeedImageId,
                    ["flavorRef"] = "2",
                    ["key_name"] = "cloudkey",
                    ["security_groups"] = new JsonArray(new JsonObject { ["name"] = "default" }),
                    ["networks"] = "auto",
                    ["min_count"] = 1,
                    ["max_count"] = 1,
                },
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        create.Headers.Add("OpenStack-API-Version", "compute 2.72");
        using var created = await _user.SendAsync(create);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var serverId = (await TestCloud.JsonAsync(created))["server"]!["id"]!.ToString();
        var server = await WaitForActiveAsync(serverId);
        Assert.Equal("cloudkey", server["key_name"]!.ToString());

        var port = (await GetAsync(_user, "/network/v2.0/ports?device_id=" + serverId))["ports"]![0]!;
        using var allocate = await _user.PostAsJsonAsync("/network/v2.0/floatingips", new JsonObject
        {
            ["floatingip"] = new JsonObject { ["floating_network_id"] = extNet, ["port_id"] = port["id"]!.ToString() },
        });
        Assert.Equal(HttpStatusCode.Created, allocate.StatusCode);
        var floating = (await TestCloud.JsonAsync(allocate))["floatingip"]!;
        Assert.Equal(router["id"]!.ToString(), floating["router_id"]!.ToString());
        Assert.StartsWith("203.0.113.", floating["floating_ip_address"]!.ToString(), StringComparison.Ordinal);

        // Compute shows it among the server's addresses, typed floating (what public_v4 and auto_ip read).
        var addresses = (await GetAsync(_user, "/compute/v2.1/servers/" + serverId))["server"]!["addresses"]!["formation-net"]!.AsArray();
        Assert.Contains(addresses, a => a!["OS-EXT-IPS:type"]!.ToString() == "floating" && a["addr"]!.ToString() == floating["floating_ip_address"]!.ToString());

        // Deleting the server leaves the address allocated to the project, unbound.
        using var deleted = await _user.DeleteAsync("/compute/v2.1/servers/" + serverId);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var left = (await GetAsync(_user, "/network/v2.0/floatingips/" + floating["id"]))["floatingip"]!;
        Assert.Null(left["port_id"]);
        Assert.Null(left["fixed_ip_address"]);
        Assert.Equal("DOWN", left["status"]!.ToString());
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await TestCloud.JsonAsync(response);
    }

    private async Task<JsonNode> WaitForActiveAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var server = (await GetAsync(_user, "/compute/v2.1/servers/" + id))["server"]!;
            if (server["status"]!.ToString() == "ACTIVE")
            {
                return server;
            }

            Assert.True(DateTime.UtcNow < deadline, $"server {id} is {server["status"]} after 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>The modulus of an OpenSSH ssh-rsa public key (its blob: string type, mpint e, mpint n).</summary>
    private static byte[] SshRsaModulus(string publicKey)
    {
        var blob = Convert.FromBase64String(publicKey.Split(' ')[1]);
        var offset = 0;
        byte[] Next()
        {
            var length = (blob[offset] << 24) | (blob[offset + 1] << 16) | (blob[offset + 2] << 8) | blob[offset + 3];
            var value = blob.AsSpan(offset + 4, length).ToArray();
            offset += 4 + length;
            return value;
        }

        Next();
        Next();
        var modulus = Next();
        return modulus[0] == 0 ? modulus[1..] : modulus;
    }
}
