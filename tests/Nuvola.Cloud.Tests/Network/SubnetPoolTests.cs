using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class SubnetPoolTests : NeutronTestBase
{
    [Fact]
    public async Task A_pool_is_created_shown_listed_updated_and_deleted_with_neutrons_defaults()
    {
        var pool = await Demo.CreateAsync("subnetpools", "subnetpool", new JsonObject
        {
            ["name"] = "p1",
            ["prefixes"] = new JsonArray("10.10.0.0/17", "10.10.128.0/17", "10.10.5.0/24"),
        });
        var path = $"subnetpools/{pool["id"]}";

        Assert.Equal(["10.10.0.0/16"], pool["prefixes"]!.AsArray().Select(p => p!.ToString()));
        Assert.Equal(4, pool["ip_version"]!.GetValue<int>());
        Assert.Equal(8, pool["min_prefixlen"]!.GetValue<int>());
        Assert.Equal(8, pool["default_prefixlen"]!.GetValue<int>());
        Assert.Equal(32, pool["max_prefixlen"]!.GetValue<int>());
        Assert.Null(pool["default_quota"]);
        Assert.False(pool["shared"]!.GetValue<bool>());
        Assert.False(pool["is_default"]!.GetValue<bool>());
        Assert.Null(pool["address_scope_id"]);
        Assert.Equal("p1", (await Demo.GetAsync(path)).Body!["subnetpool"]!["name"]!.ToString());
        Assert.Single((await Demo.GetAsync("subnetpools?name=p1")).Body!["subnetpools"]!.AsArray());

        var (status, updated) = await Demo.PutAsync(path, new JsonObject
        {
            ["subnetpool"] = new JsonObject { ["name"] = "p2", ["default_prefixlen"] = 24, ["prefixes"] = new JsonArray("10.10.0.0/16", "10.20.0.0/16") },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("p2", updated!["subnetpool"]!["name"]!.ToString());
        Assert.Equal(24, updated["subnetpool"]!["default_prefixlen"]!.GetValue<int>());
        Assert.Equal(2, updated["subnetpool"]!["prefixes"]!.AsArray().Count);
        Assert.Equal(1, updated["subnetpool"]!["revision_number"]!.GetValue<int>());

        var (shrink, error) = await Demo.PutAsync(path, new JsonObject { ["subnetpool"] = new JsonObject { ["prefixes"] = new JsonArray("10.10.0.0/16") } });
        Assert.Equal(HttpStatusCode.BadRequest, shrink);
        Assert.Equal("IllegalSubnetPoolPrefixUpdate", error!["NeutronError"]!["type"]!.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync(path)).Status);
        var (gone, notFound) = await Demo.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, gone);
        Assert.Equal($"Subnet pool {pool["id"]} could not be found.", notFound!["NeutronError"]!["message"]!.ToString());
    }

    [Theory]
    [InlineData("""{"prefixes": ["10.0.0.0/8", "fd00::/48"]}""", "PrefixVersionMismatch")]
    [InlineData("""{"prefixes": ["10.0.0.0/8"], "min_prefixlen": 24, "max_prefixlen": 16}""", "IllegalSubnetPoolPrefixBounds")]
    [InlineData("""{"prefixes": ["10.0.0.0/8"], "default_prefixlen": 4}""", "IllegalSubnetPoolPrefixBounds")]
    [InlineData("""{"prefixes": ["10.0.0.0/8"], "max_prefixlen": 33}""", "IllegalSubnetPoolPrefixBounds")]
    [InlineData("""{"prefixes": ["nonsense"]}""", "HTTPBadRequest")]
    [InlineData("""{"name": "no prefixes"}""", "HTTPBadRequest")]
    [InlineData("""{"prefixes": ["10.0.0.0/8"], "ip_version": 4}""", "HTTPBadRequest")]
    public async Task Bad_pools_are_refused_with_neutrons_400(string body, string type)
    {
        var (status, error) = await Demo.PostAsync("subnetpools", new JsonObject { ["subnetpool"] = JsonNode.Parse(body) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(type, error!["NeutronError"]!["type"]!.ToString());
    }

    [Fact]
    public async Task Subnets_from_a_pool_get_distinct_blocks_and_a_requested_cidr_must_lie_free_inside_it()
    {
        var pool = await Demo.CreateAsync("subnetpools", "subnetpool", new JsonObject
        {
            ["name"] = "alloc",
            ["prefixes"] = new JsonArray("10.30.0.0/22"),
            ["default_prefixlen"] = 24,
            ["min_prefixlen"] = 23,
        });
        var network = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "n" });
        var other = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "n2" });

        var first = await Subnet(network, pool, new JsonObject());
        var second = await Subnet(other, pool, new JsonObject { ["cidr"] = "10.30.2.0/24" });
        var third = await Subnet(other, pool, new JsonObject { ["prefixlen"] = 24 });
        var (overlap, overlapError) = await SubnetAsync(network, pool, new JsonObject { ["cidr"] = "10.30.2.0/23" });
        var (outside, _) = await SubnetAsync(network, pool, new JsonObject { ["cidr"] = "10.40.0.0/24" });
        var (tooBig, tooBigError) = await SubnetAsync(network, pool, new JsonObject { ["prefixlen"] = 22 });
        var fourth = await Subnet(network, pool, new JsonObject { ["prefixlen"] = 24 });
        var (full, fullError) = await SubnetAsync(network, pool, new JsonObject { ["prefixlen"] = 28 });

        Assert.Equal("10.30.0.0/24", first["cidr"]!.ToString());
        Assert.Equal("10.30.0.1", first["gateway_ip"]!.ToString());
        Assert.Equal(pool["id"]!.ToString(), first["subnetpool_id"]!.ToString());
        Assert.Equal("10.30.2.0/24", second["cidr"]!.ToString());
        Assert.Equal("10.30.1.0/24", third["cidr"]!.ToString());
        Assert.Equal("10.30.3.0/24", fourth["cidr"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, overlap);
        Assert.Equal("SubnetAllocationError", overlapError!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, outside);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig);
        Assert.Equal("Unable to allocate subnet with prefix length 22, minimum allowed prefix is 23.", tooBigError!["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, full);
        Assert.Equal("Failed to allocate subnet: Insufficient prefix space to allocate subnet size /28.", fullError!["NeutronError"]!["message"]!.ToString());

        var (inUse, inUseError) = await Demo.DeleteAsync($"subnetpools/{pool["id"]}");
        Assert.Equal(HttpStatusCode.BadRequest, inUse);
        Assert.Equal("SubnetPoolDeleteError", inUseError!["NeutronError"]!["type"]!.ToString());
        var (remove, _) = await Demo.PutAsync($"subnetpools/{pool["id"]}/remove_prefixes", new JsonObject { ["prefixes"] = new JsonArray("10.30.3.0/24") });
        Assert.Equal(HttpStatusCode.BadRequest, remove);
        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync($"subnets/{fourth["id"]}")).Status);
        var (removed, prefixes) = await Demo.PutAsync($"subnetpools/{pool["id"]}/remove_prefixes", new JsonObject { ["prefixes"] = new JsonArray("10.30.3.0/24") });
        Assert.Equal(HttpStatusCode.OK, removed);
        Assert.Equal(["10.30.0.0/23", "10.30.2.0/24"], prefixes!["prefixes"]!.AsArray().Select(p => p!.ToString()));
        var (added, more) = await Demo.PutAsync($"subnetpools/{pool["id"]}/add_prefixes", new JsonObject { ["prefixes"] = new JsonArray("10.30.3.0/24", "10.31.0.0/24") });
        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Equal(["10.30.0.0/22", "10.31.0.0/24"], more!["prefixes"]!.AsArray().Select(p => p!.ToString()));
    }

    [Fact]
    public async Task Parallel_subnet_creates_from_one_pool_never_get_the_same_block()
    {
        var pool = await Demo.CreateAsync("subnetpools", "subnetpool", new JsonObject { ["prefixes"] = new JsonArray("10.60.0.0/20"), ["default_prefixlen"] = 26 });
        var networks = new List<JsonObject>();
        for (var i = 0; i < 4; i++)
        {
            networks.Add(await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = $"par{i}" }));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SubnetAsync(networks[i % 4], pool, new JsonObject())));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var cidrs = results.Select(r => r.Body!["subnet"]!["cidr"]!.ToString()).ToList();
        Assert.Equal(40, cidrs.Distinct().Count());
    }

    [Fact]
    public async Task The_default_quota_of_a_pool_limits_each_projects_addresses()
    {
        var pool = await Admin.CreateAsync("subnetpools", "subnetpool", new JsonObject
        {
            ["prefixes"] = new JsonArray("10.70.0.0/16"),
            ["default_prefixlen"] = 24,
            ["default_quota"] = 512,
            ["shared"] = true,
        });
        var network = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "q" });

        await Subnet(network, pool, new JsonObject());
        await Subnet(network, pool, new JsonObject());
        var (status, error) = await SubnetAsync(network, pool, new JsonObject());

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Per-tenant subnet pool prefix quota exceeded.", error!["NeutronError"]!["message"]!.ToString());
    }

    [Fact]
    public async Task Use_default_subnetpool_takes_the_default_pool_of_the_ip_version()
    {
        var network = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "d" });
        var body = new JsonObject { ["network_id"] = network["id"]!.ToString(), ["ip_version"] = 4, ["use_default_subnetpool"] = true };
        var (none, noneError) = await Demo.PostAsync("subnets", new JsonObject { ["subnet"] = body.DeepClone() });
        var (notAdmin, _) = await Demo.PostAsync("subnetpools", new JsonObject
        {
            ["subnetpool"] = new JsonObject { ["prefixes"] = new JsonArray("10.80.0.0/16"), ["is_default"] = true },
        });
        await Admin.CreateAsync("subnetpools", "subnetpool", new JsonObject
        {
            ["prefixes"] = new JsonArray("10.80.0.0/16"),
            ["default_prefixlen"] = 26,
            ["is_default"] = true,
            ["shared"] = true,
        });
        var (second, secondError) = await Admin.PostAsync("subnetpools", new JsonObject
        {
            ["subnetpool"] = new JsonObject { ["prefixes"] = new JsonArray("10.81.0.0/16"), ["is_default"] = true },
        });
        var subnet = await Demo.CreateAsync("subnets", "subnet", body);

        Assert.Equal(HttpStatusCode.BadRequest, none);
        Assert.Equal("Bad subnets request: No default subnetpool found for IPv4.", noneError!["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Contains("Only one default may exist per IP family", secondError!["NeutronError"]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("10.80.0.0/26", subnet["cidr"]!.ToString());
    }

    [Fact]
    public async Task Pools_in_one_address_scope_never_overlap_and_the_network_shows_its_scope()
    {
        var scope = await Demo.CreateAsync("address-scopes", "address_scope", new JsonObject { ["name"] = "s", ["ip_version"] = 4 });
        var v6 = await Demo.CreateAsync("address-scopes", "address_scope", new JsonObject { ["name"] = "s6", ["ip_version"] = 6 });
        var pool = await Demo.CreateAsync("subnetpools", "subnetpool", new JsonObject
        {
            ["prefixes"] = new JsonArray("10.90.0.0/16"),
            ["default_prefixlen"] = 24,
            ["address_scope_id"] = scope["id"]!.ToString(),
        });
        var (overlap, overlapError) = await Demo.PostAsync("subnetpools", new JsonObject
        {
            ["subnetpool"] = new JsonObject { ["prefixes"] = new JsonArray("10.90.128.0/17"), ["address_scope_id"] = scope["id"]!.ToString() },
        });
        var (version, _) = await Demo.PostAsync("subnetpools", new JsonObject
        {
            ["subnetpool"] = new JsonObject { ["prefixes"] = new JsonArray("10.91.0.0/16"), ["address_scope_id"] = v6["id"]!.ToString() },
        });
        var network = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "scoped" });
        await Subnet(network, pool, new JsonObject());
        var (mixed, mixedError) = await Demo.PostAsync("subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = network["id"]!.ToString(), ["ip_version"] = 4, ["cidr"] = "192.168.7.0/24" },
        });
        var (scopeInUse, _) = await Demo.DeleteAsync($"address-scopes/{scope["id"]}");
        var (shared, _) = await Demo.PutAsync($"address-scopes/{scope["id"]}", new JsonObject { ["address_scope"] = new JsonObject { ["shared"] = true } });

        Assert.Equal(scope["id"]!.ToString(), pool["address_scope_id"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, overlap);
        Assert.Equal("IllegalSubnetPoolAssociationToAddressScope", overlapError!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, version);
        Assert.Equal(HttpStatusCode.BadRequest, mixed);
        Assert.Equal("NetworkSubnetPoolAffinityError", mixedError!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(scope["id"]!.ToString(), (await Demo.GetAsync($"networks/{network["id"]}")).Body!["network"]!["ipv4_address_scope"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, scopeInUse);
        Assert.Equal(HttpStatusCode.Forbidden, shared);
        Assert.Equal(2, (await Demo.GetAsync("address-scopes")).Body!["address_scopes"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync($"address-scopes/{v6["id"]}")).Status);
    }

    [Fact]
    public async Task The_subnetpool_quota_and_the_extensions_are_neutrons()
    {
        var (_, extensions) = await Demo.GetAsync("extensions");
        var aliases = extensions!["extensions"]!.AsArray().Select(e => e!["alias"]!.ToString()).ToList();
        Assert.Contains("subnet_allocation", aliases);
        Assert.Contains("address-scope", aliases);
        Assert.Contains("default-subnetpools", aliases);
        Assert.Contains("subnetpool-prefix-ops", aliases);

        var projectId = (await Demo.GetAsync("networks?name=private")).Body!["networks"]![0]!["project_id"]!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsync($"quotas/{projectId}", new JsonObject { ["quota"] = new JsonObject { ["subnetpool"] = 1 } })).Status);
        await Demo.CreateAsync("subnetpools", "subnetpool", new JsonObject { ["prefixes"] = new JsonArray("10.95.0.0/16") });
        var (status, error) = await Demo.PostAsync("subnetpools", new JsonObject { ["subnetpool"] = new JsonObject { ["prefixes"] = new JsonArray("10.96.0.0/16") } });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Quota exceeded for resources: ['subnetpool'].", error!["NeutronError"]!["message"]!.ToString());
        var details = (await Demo.GetAsync($"quotas/{projectId}/details")).Body!["quota"]!["subnetpool"]!;
        Assert.Equal(1, details["used"]!.GetValue<int>());
    }

    private async Task<JsonObject> Subnet(JsonObject network, JsonObject pool, JsonObject extra)
    {
        var (status, body) = await SubnetAsync(network, pool, extra);
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body?.ToJsonString()}");
        return body!["subnet"]!.AsObject();
    }

    private Task<(HttpStatusCode Status, JsonObject? Body)> SubnetAsync(JsonObject network, JsonObject pool, JsonObject extra)
    {
        extra["network_id"] = network["id"]!.ToString();
        extra["subnetpool_id"] = pool["id"]!.ToString();
        extra["ip_version"] = 4;
        return Demo.PostAsync("subnets", new JsonObject { ["subnet"] = extra });
    }
}
