using System.Globalization;
using System.Text;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>One plugged port as the firewall sees it: its interface inside the instance, its groups, and whether port security is on.</summary>
public sealed record FirewalledPort(string Interface, IReadOnlyList<string> SecurityGroups, bool PortSecurityEnabled);

/// <summary>
/// Security groups as an nftables table (inet nuvola_sg) in an instance's network namespace, with Neutron's meaning:
/// everything not allowed by a rule is dropped in both directions, answers to allowed traffic pass (stateful: conntrack
/// established/related), a rule with a remote group matches the fixed addresses of that group's ports, and a port
/// without port security is open. The whole table is replaced in one nft transaction.
/// </summary>
public static class SecurityGroupRuleset
{
    public const string Table = "nuvola_sg";

    /// <param name="rulesOf">The rules of a group.</param>
    /// <param name="membersOf">The fixed addresses of the ports in a group (for remote-group rules).</param>
    public static string Render(
        IReadOnlyList<FirewalledPort> ports,
        Func<string, IEnumerable<SecurityGroupRuleRecord>> rulesOf,
        Func<string, IEnumerable<string>> membersOf)
    {
        var text = new StringBuilder();
        text.Append("table inet ").Append(Table).Append('\n');
        text.Append("delete table inet ").Append(Table).Append('\n');
        text.Append("table inet ").Append(Table).Append(" {\n");
        AppendBase(text, "input", "iifname", ports);
        AppendBase(text, "output", "oifname", ports);
        foreach (var port in ports)
        {
            text.Append("  chain in_").Append(port.Interface).Append(" {\n");
            AppendRules(text, port, "ingress", rulesOf, membersOf);
            text.Append("  }\n");
            text.Append("  chain out_").Append(port.Interface).Append(" {\n");
            AppendRules(text, port, "egress", rulesOf, membersOf);
            text.Append("  }\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static void AppendBase(StringBuilder text, string hook, string match, IReadOnlyList<FirewalledPort> ports)
    {
        var prefix = hook == "input" ? "in_" : "out_";
        text.Append("  chain ").Append(hook).Append(" {\n")
            .Append("    type filter hook ").Append(hook).Append(" priority filter; policy drop;\n")
            .Append("    ct state established,related accept\n")
            .Append("    ct state invalid drop\n")
            .Append("    ").Append(match).Append(" \"lo\" accept\n")
            .Append("    meta l4proto ipv6-icmp accept\n");
        foreach (var port in ports)
        {
            text.Append("    ").Append(match).Append(" \"").Append(port.Interface).Append("\" jump ").Append(prefix).Append(port.Interface).Append('\n');
        }

        text.Append("  }\n");
    }

    private static void AppendRules(
        StringBuilder text, FirewalledPort port, string direction,
        Func<string, IEnumerable<SecurityGroupRuleRecord>> rulesOf, Func<string, IEnumerable<string>> membersOf)
    {
        if (!port.PortSecurityEnabled)
        {
            text.Append("    accept\n");
            return;
        }

        foreach (var group in port.SecurityGroups)
        {
            foreach (var rule in rulesOf(group).Where(r => r.Direction == direction))
            {
                if (Rule(rule, membersOf) is { } line)
                {
                    text.Append("    ").Append(line).Append(" comment \"").Append(rule.Id).Append("\"\n");
                }
            }
        }
    }

    /// <summary>One rule as an nft statement; null when it can match nothing (a remote group without members, an unknown protocol).</summary>
    public static string? Rule(SecurityGroupRuleRecord rule, Func<string, IEnumerable<string>> membersOf)
    {
        var v6 = rule.Ethertype == "IPv6";
        var family = v6 ? "ip6" : "ip";
        var peer = rule.Direction == "ingress" ? "saddr" : "daddr";
        var parts = new List<string> { "meta nfproto " + (v6 ? "ipv6" : "ipv4") };
        if (rule.RemoteIpPrefix is { } prefix)
        {
            parts.Add($"{family} {peer} {prefix}");
        }
        else if (rule.RemoteGroupId is { } group)
        {
            var members = membersOf(group).Where(a => a.Contains(':', StringComparison.Ordinal) == v6).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (members.Count == 0)
            {
                return null;
            }

            parts.Add($"{family} {peer} {{ {string.Join(", ", members)} }}");
        }

        var protocol = rule.Protocol?.ToLowerInvariant();
        switch (protocol)
        {
            case null or "" or "any" or "0":
                break;
            case "tcp" or "6" or "udp" or "17" or "sctp" or "132" or "dccp" or "33" or "udplite" or "136":
                var name = protocol switch { "6" => "tcp", "17" => "udp", "132" => "sctp", "33" => "dccp", "136" => "udplite", _ => protocol };
                parts.Add($"meta l4proto {name}");
                if (rule.PortRangeMin is { } min)
                {
                    var max = rule.PortRangeMax ?? min;
                    parts.Add(min == max ? $"{name} dport {min}" : $"{name} dport {min}-{max}");
                }

                break;
            case "icmp" or "1" or "icmpv6" or "ipv6-icmp" or "58":
                var icmp = v6 || protocol is "icmpv6" or "ipv6-icmp" or "58" ? "icmpv6" : "icmp";
                parts.Add("meta l4proto " + (icmp == "icmp" ? "icmp" : "ipv6-icmp"));
                if (rule.PortRangeMin is { } type)
                {
                    parts.Add($"{icmp} type {type.ToString(CultureInfo.InvariantCulture)}");
                    if (rule.PortRangeMax is { } code)
                    {
                        parts.Add($"{icmp} code {code.ToString(CultureInfo.InvariantCulture)}");
                    }
                }

                break;
            default:
                if (int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 256)
                {
                    parts.Add("meta l4proto " + number.ToString(CultureInfo.InvariantCulture));
                    break;
                }

                if (protocol.All(char.IsAsciiLetterLower))
                {
                    parts.Add("meta l4proto " + protocol);
                    break;
                }

                return null;
        }

        parts.Add("accept");
        return string.Join(' ', parts);
    }
}
