using System.Text.RegularExpressions;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>Reading a port's attributes from a request body.</summary>
public static partial class PortEndpoints
{
    private static IReadOnlyList<FixedIpRequest>? FixedIps(NeutronBody body) =>
        body.Objects("fixed_ips")?.Select(ip =>
        {
            var unknown = ip.Select(p => p.Key).Where(k => k is not ("subnet_id" or "ip_address")).ToList();
            if (unknown.Count > 0)
            {
                throw NeutronBody.Invalid("fixed_ips", $"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
            }

            var subnet = ip["subnet_id"]?.ToString();
            var address = ip["ip_address"]?.ToString();
            return subnet is null && address is null
                ? throw NeutronBody.Invalid("fixed_ips", "Exactly one of 'subnet_id' or 'ip_address' must be specified")
                : new FixedIpRequest(subnet, address);
        }).ToList();

    private static string? Mac(NeutronBody body)
    {
        var mac = body.String("mac_address");
        return mac is null ? null
            : MacPattern().IsMatch(mac) && mac != "00:00:00:00:00:00" ? mac.ToLowerInvariant()
            : throw NeutronBody.Invalid("mac_address", $"'{mac}' is not a valid MAC address");
    }

    private static IReadOnlyList<string>? SecurityGroups(NeutronBody body, AuthContext caller, NetworkStore store, string projectId)
    {
        var ids = body.Strings("security_groups");
        if (ids is null)
        {
            return body.Has("security_groups") ? [] : null;
        }

        foreach (var id in ids)
        {
            if (store.SecurityGroups.Find(id) is not { } group || (!caller.IsAdmin && group.ProjectId != projectId))
            {
                throw NeutronErrors.NotFound("SecurityGroup", id);
            }
        }

        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<AddressPair>? AddressPairs(NeutronBody body, string? portMac)
    {
        var pairs = body.Objects("allowed_address_pairs");
        if (pairs is null)
        {
            return body.Has("allowed_address_pairs") ? [] : null;
        }

        var result = new List<AddressPair>();
        foreach (var pair in pairs)
        {
            var ip = pair["ip_address"]?.ToString();
            if (ip is null || (AddressPlan.Canonical(ip) is null && !IpMath.TryParseCidr(ip, out _, strict: false)))
            {
                throw NeutronBody.Invalid("allowed_address_pairs", ip is null ? "AllowedAddressPair must contain ip_address" : $"'{ip}' is not a valid IP address");
            }

            var mac = pair["mac_address"]?.ToString();
            if (mac is not null && !MacPattern().IsMatch(mac))
            {
                throw NeutronBody.Invalid("allowed_address_pairs", $"'{mac}' is not a valid MAC address");
            }

            var entry = new AddressPair(ip, mac?.ToLowerInvariant() ?? portMac ?? string.Empty);
            if (result.Contains(entry))
            {
                throw NeutronBody.Invalid("allowed_address_pairs", "Duplicate address detected");
            }

            result.Add(entry);
        }

        return result;
    }

    private static PortBinding Binding(NeutronBody body, AuthContext caller, PortBinding current, string action)
    {
        foreach (var attribute in new[] { "binding:host_id", "binding:profile" })
        {
            if (body.Has(attribute))
            {
                Access.RequireAdmin(caller, action, attribute);
            }
        }

        var host = body.Has("binding:host_id") ? body.String("binding:host_id") ?? string.Empty : current.HostId;
        var vnic = body.String("binding:vnic_type") ?? current.VnicType;
        if (vnic is not ("normal" or "direct" or "macvtap" or "baremetal" or "direct-physical" or "virtio-forwarder" or "smart-nic" or "remote-managed"))
        {
            throw NeutronBody.Invalid("binding:vnic_type", $"'{vnic}' is not in the supported VNIC types");
        }

        var profile = body.Attributes["binding:profile"] is System.Text.Json.Nodes.JsonObject given
            ? given.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty)
            : current.Profile;
        return new PortBinding(host, vnic, host.Length > 0 ? "ovs" : "unbound", profile);
    }

    [GeneratedRegex("^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$")]
    private static partial Regex MacPattern();
}
