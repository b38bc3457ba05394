using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class SecurityGroupTests : NeutronTestBase
{
    [Fact]
    public async Task The_default_group_appears_on_first_list_with_its_four_rules()
    {
        var (_, list) = await Demo.GetAsync("security-groups");

        var group = Assert.Single(list!["security_groups"]!.AsArray())!;
        Assert.Equal("default", group["name"]!.ToString());
        var rules = group["security_group_rules"]!.AsArray();
        Assert.Equal(4, rules.Count);
        Assert.Equal(2, rules.Count(r => r!["direction"]!.ToString() == "ingress" && r["remote_group_id"]!.ToString() == group["id"]!.ToString()));
        Assert.Equal(2, rules.Count(r => r!["direction"]!.ToString() == "egress" && r["remote_ip_prefix"] is null));
    }

    [Fact]
    public async Task Rules_are_created_and_a_duplicate_is_refused_with_SecurityGroupRuleExists()
    {
        var group = await Demo.CreateAsync("security-groups", "security_group", new JsonObject { ["name"] = "web" });
        var rule = new JsonObject
        {
            ["security_group_id"] = group["id"]!.ToString(),
            ["direction"] = "ingress",
            ["protocol"] = "tcp",
            ["port_range_min"] = 80,
            ["port_range_max"] = 80,
            ["remote_ip_prefix"] = "0.0.0.0/0",
        };

        var created = await Demo.CreateAsync("security-group-rules", "security_group_rule", rule);
        var (status, error) = await Demo.PostAsync("security-group-rules", new JsonObject { ["security_group_rule"] = rule.DeepClone() });
        var (badProtocol, badBody) = await Demo.PostAsync("security-group-rules", new JsonObject
        {
            ["security_group_rule"] = new JsonObject { ["security_group_id"] = group["id"]!.ToString(), ["direction"] = "ingress", ["protocol"] = "bogus" },
        });

        Assert.Equal("IPv4", created["ethertype"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("SecurityGroupRuleExists", error!["NeutronError"]!["type"]!.ToString());
        Assert.Equal($"Security group rule already exists. Rule id is {created["id"]}.", error["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, badProtocol);
        Assert.Equal("SecurityGroupRuleInvalidProtocol", badBody!["NeutronError"]!["type"]!.ToString());
    }

    [Fact]
    public async Task A_group_in_use_by_a_port_cannot_be_deleted_and_an_unknown_one_is_not_found()
    {
        var group = await Demo.CreateAsync("security-groups", "security_group", new JsonObject { ["name"] = "db" });
        var (_, nets) = await Demo.GetAsync("networks?name=private");
        var port = await Demo.CreateAsync("ports", "port", new JsonObject
        {
            ["network_id"] = nets!["networks"]![0]!["id"]!.ToString(),
            ["security_groups"] = new JsonArray(group["id"]!.ToString()),
        });

        var (inUse, _) = await Demo.DeleteAsync("security-groups/" + group["id"]);
        await Demo.PutAsync("ports/" + port["id"], new JsonObject { ["port"] = new JsonObject { ["security_groups"] = new JsonArray() } });
        var (deleted, _) = await Demo.DeleteAsync("security-groups/" + group["id"]);
        var (missing, missingBody) = await Demo.GetAsync("security-groups/" + group["id"]);

        Assert.Equal(HttpStatusCode.Conflict, inUse);
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("SecurityGroupNotFound", missingBody!["NeutronError"]!["type"]!.ToString());
    }
    [Theory]
    [InlineData(-16, 80)]
    [InlineData(80, 79)]
    [InlineData(80, 65536)]
    [InlineData(null, 6)]
    public async Task Tcp_rules_with_invalid_port_ranges_are_refused_with_400(int? min, int? max)
    {
        var (_, list) = await Demo.GetAsync("security-groups");
        var groupId = list!["security_groups"]![0]!["id"]!.ToString();

        var (status, body) = await Demo.PostAsync("security-group-rules", new JsonObject
        {
            ["security_group_rule"] = new JsonObject
            {
                ["security_group_id"] = groupId,
                ["direction"] = "ingress",
                ["protocol"] = "tcp",
                ["port_range_min"] = min,
                ["port_range_max"] = max,
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("SecurityGroupInvalidPort", body!["NeutronError"]!["type"]!.ToString(), StringComparison.Ordinal);
    }
}
