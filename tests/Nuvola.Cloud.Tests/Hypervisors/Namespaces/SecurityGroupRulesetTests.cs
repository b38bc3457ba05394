using Nuvola.Cloud.Hypervisors.Namespaces.Networking;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class SecurityGroupRulesetTests
{
    private static SecurityGroupRuleRecord Rule(string direction, string? protocol = null, int? min = null, int? max = null, string? prefix = null, string? remoteGroup = null, string ethertype = "IPv4") =>
        new("r-" + Guid.NewGuid().ToString("N")[..6], "sg1", "p", direction, ethertype, protocol, min, max, prefix, remoteGroup, StandardAttributes.New(DateTimeOffset.UnixEpoch));

    private static string? Render(SecurityGroupRuleRecord rule, params string[] members) => SecurityGroupRuleset.Rule(rule, _ => members);

    [Fact]
    public void TcpPortRangeFromAPrefixIsOneAcceptStatement()
    {
        Assert.Equal("meta nfproto ipv4 ip saddr 0.0.0.0/0 meta l4proto tcp tcp dport 22 accept", Render(Rule("ingress", "tcp", 22, 22, "0.0.0.0/0")));
        Assert.Equal("meta nfproto ipv4 ip daddr 10.0.0.0/8 meta l4proto udp udp dport 1000-2000 accept", Render(Rule("egress", "udp", 1000, 2000, "10.0.0.0/8")));
    }

    [Fact]
    public void IcmpTypeAndCodeComeFromThePortRange()
    {
        Assert.Equal("meta nfproto ipv4 meta l4proto icmp icmp type 8 icmp code 0 accept", Render(Rule("ingress", "icmp", 8, 0)));
        Assert.Equal("meta nfproto ipv6 meta l4proto ipv6-icmp accept", Render(Rule("ingress", "ipv6-icmp", ethertype: "IPv6")));
    }

    [Fact]
    public void ARemoteGroupMatchesItsMembersOfTheSameFamilyOnly()
    {
        Assert.Equal("meta nfproto ipv4 ip saddr { 10.0.0.3, 10.0.0.7 } accept", Render(Rule("ingress", remoteGroup: "g2"), "10.0.0.7", "fd00::1", "10.0.0.3", "10.0.0.7"));
        Assert.Null(Render(Rule("ingress", remoteGroup: "g2"), "fd00::1"));
    }

    [Fact]
    public void ANumericOrUnknownProtocol()
    {
        Assert.Equal("meta nfproto ipv4 meta l4proto 47 accept", Render(Rule("ingress", "47")));
        Assert.Null(Render(Rule("ingress", "not a protocol!")));
    }

    [Fact]
    public void TheTableDropsByDefaultIsStatefulAndJumpsPerPort()
    {
        var rules = new[] { Rule("ingress", "tcp", 22, 22, "0.0.0.0/0"), Rule("egress") };
        var script = SecurityGroupRuleset.Render(
            [new FirewalledPort("eth0", ["sg1"], true), new FirewalledPort("eth1", [], false)],
            group => group == "sg1" ? rules : [],
            _ => []);
        Assert.StartsWith("table inet nuvola_sg\ndelete table inet nuvola_sg\ntable inet nuvola_sg {", script, StringComparison.Ordinal);
        Assert.Contains("type filter hook input priority filter; policy drop;", script, StringComparison.Ordinal);
        Assert.Contains("type filter hook output priority filter; policy drop;", script, StringComparison.Ordinal);
        Assert.Contains("ct state established,related accept", script, StringComparison.Ordinal);
        Assert.Contains("iifname \"eth0\" jump in_eth0", script, StringComparison.Ordinal);
        Assert.Contains("oifname \"eth1\" jump out_eth1", script, StringComparison.Ordinal);
        var inEth0 = script[script.IndexOf("chain in_eth0", StringComparison.Ordinal)..script.IndexOf("chain out_eth0", StringComparison.Ordinal)];
        Assert.Contains("tcp dport 22 accept", inEth0, StringComparison.Ordinal);
        Assert.DoesNotContain("nfproto ipv4 accept", inEth0, StringComparison.Ordinal);
        var inEth1 = script[script.IndexOf("chain in_eth1", StringComparison.Ordinal)..script.IndexOf("chain out_eth1", StringComparison.Ordinal)];
        Assert.Contains("    accept\n", inEth1, StringComparison.Ordinal);
    }
}
