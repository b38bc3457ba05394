using System.Globalization;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>Neutron's checks of a security group rule (direction, ethertype, protocol, ports, remote).</summary>
public static class SecurityGroupRuleValidation
{
    public static readonly IReadOnlyList<string> ProtocolNames =
    [
        "ah", "dccp", "egp", "esp", "gre", "hopopt", "icmp", "igmp", "ip", "ipip", "ipv6-encap", "ipv6-frag", "ipv6-icmp",
        "icmpv6", "ipv6-nonxt", "ipv6-opts", "ipv6-route", "ospf", "pgm", "rsvp", "sctp", "tcp", "udp", "udplite", "vrrp",
    ];

    /// <summary>The draft with its protocol and remote prefix normalised; 400 in Neutron's terms when it is wrong.</summary>
    public static SecurityGroupRuleDraft Check(SecurityGroupRuleDraft draft)
    {
        if (draft.Direction is not ("ingress" or "egress"))
        {
            throw NeutronErrors.InvalidAttribute("direction", $"'{draft.Direction}' is not in ['ingress', 'egress']");
        }

        var ethertype = string.Equals(draft.Ethertype, "ipv4", StringComparison.OrdinalIgnoreCase) ? "IPv4"
            : string.Equals(draft.Ethertype, "ipv6", StringComparison.OrdinalIgnoreCase) ? "IPv6"
            : throw ApiException.BadRequest(
                $"Security group rule for ethertype '{draft.Ethertype}' not supported. Allowed values are ['IPv4', 'IPv6'].",
                "SecurityGroupRuleInvalidEtherType");
        var protocol = NormaliseProtocol(draft.Protocol);
        CheckPorts(protocol, draft.PortRangeMin, draft.PortRangeMax);
        var prefix = draft.RemoteIpPrefix;
        if (prefix is not null)
        {
            if (draft.RemoteGroupId is not null)
            {
                throw ApiException.BadRequest("Only remote_ip_prefix or remote_group_id may be provided.", "SecurityGroupRemoteGroupAndRemoteIpPrefix");
            }

            var text = prefix.Contains('/', StringComparison.Ordinal) ? prefix
                : prefix + (prefix.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
            if (!IpMath.TryParseCidr(text, out var cidr, strict: false))
            {
                throw NeutronErrors.InvalidAttribute("remote_ip_prefix", $"'{prefix}' is not a valid IP subnet");
            }

            if ((cidr.Version == 4 ? "IPv4" : "IPv6") != ethertype)
            {
                throw ApiException.BadRequest(
                    $"Conflicting value ethertype {ethertype} for CIDR {prefix}", "SecurityGroupRuleParameterConflict");
            }

            prefix = cidr.ToString();
        }

        return draft with { Ethertype = ethertype, Protocol = protocol, RemoteIpPrefix = prefix };
    }

    private static string? NormaliseProtocol(string? protocol)
    {
        if (protocol is null or "" || string.Equals(protocol, "any", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var lower = protocol.ToLowerInvariant();
        if (ProtocolNames.Contains(lower))
        {
            return lower;
        }

        if (int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 255)
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        throw ApiException.BadRequest(
            $"Security group rule protocol {protocol} not supported. Only protocol values [None, {string.Join(", ", ProtocolNames)}] and integer representations [0 to 255] are supported.",
            "SecurityGroupRuleInvalidProtocol");
    }

    private static void CheckPorts(string? protocol, int? min, int? max)
    {
        if (min is null && max is null)
        {
            return;
        }

        if (protocol is null)
        {
            throw ApiException.BadRequest("Must also specify protocol if port range is given.", "SecurityGroupProtocolRequiredWithPorts");
        }

        if (protocol is "icmp" or "ipv6-icmp" or "icmpv6" or "1" or "58")
        {
            foreach (var (field, value) in new[] { ("type", min), ("code", max) })
            {
                if (value is < 0 or > 255)
                {
                    throw ApiException.BadRequest(
                        $"Invalid value for ICMP {field} (port_range_{(field == "type" ? "min" : "max")}) {value}. It must be 0 to 255.",
                        "SecurityGroupInvalidIcmpValue");
                }
            }

            if (min is null && max is not null)
            {
                throw ApiException.BadRequest($"ICMP code (port-range-max) {max} is provided but ICMP type (port-range-min) is missing.", "SecurityGroupMissingIcmpType");
            }

            return;
        }

        if (protocol is not ("tcp" or "udp" or "dccp" or "sctp" or "udplite" or "6" or "17" or "33" or "132" or "136"))
        {
            return;
        }

        foreach (var value in new[] { min, max })
        {
            if (value is < 0 or > 65535)
            {
                throw ApiException.BadRequest($"Invalid value for port {value}", "SecurityGroupInvalidPortValue");
            }
        }

        if (min is 0 || max is 0)
        {
            throw ApiException.BadRequest("Invalid value for port 0", "SecurityGroupInvalidPortValue");
        }

        if (min is null || max is null || min > max)
        {
            throw ApiException.BadRequest("For TCP/UDP protocols, port_range_min must be <= port_range_max", "SecurityGroupInvalidPortRange");
        }
    }
}
