using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using Nuvola.Model.Evaluation;

namespace Nuvola.Templates.Hot;

/// <summary>Heat's custom constraints: the names known, and those checked without a cloud (addresses, CIDRs, MACs, dates).
/// The others (nova.flavor, glance.image, …) are checked against the cloud through <see cref="ICustomConstraintChecker"/>.</summary>
public static class CustomConstraints
{
    public static readonly IReadOnlySet<string> Local = new HashSet<string>(StringComparer.Ordinal) { "ip_addr", "net_cidr", "mac_addr", "iso_8601", "ip_or_cidr" };

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "ip_addr", "net_cidr", "mac_addr", "iso_8601", "ip_or_cidr", "cron_expression", "dns_name", "dns_domain", "rel_dns_name",
        "expiration", "timezone", "test_constr",
        "nova.flavor", "nova.keypair", "nova.host", "nova.server", "glance.image",
        "neutron.network", "neutron.port", "neutron.router", "neutron.subnet", "neutron.subnetpool", "neutron.qos_policy",
        "neutron.address_scope", "neutron.security_group", "neutron.segment",
        "cinder.volume", "cinder.snapshot", "cinder.backup", "cinder.vtype", "cinder.qos_specs",
        "keystone.role", "keystone.domain", "keystone.project", "keystone.group", "keystone.service", "keystone.user", "keystone.region",
    };

    /// <summary>The local check: a reason the value is wrong, or null (also null for constraints that need the cloud).</summary>
    public static string? CheckLocally(string constraint, object? value)
    {
        if (value is not string text || value is UnknownValue)
        {
            return null;
        }

        var ok = constraint switch
        {
            "ip_addr" => IPAddress.TryParse(text, out _),
            "net_cidr" => IsCidr(text),
            "ip_or_cidr" => IPAddress.TryParse(text, out _) || IsCidr(text),
            "mac_addr" => text.Length == 17 && PhysicalAddress.TryParse(text.Replace(':', '-'), out _),
            "iso_8601" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
            _ => true,
        };
        return ok ? null : constraint switch
        {
            "ip_addr" => "must be an IP address",
            "net_cidr" => "must be a network in CIDR notation (e.g. 10.0.0.0/24)",
            "ip_or_cidr" => "must be an IP address or a CIDR",
            "mac_addr" => "must be a MAC address (e.g. fa:16:3e:00:00:01)",
            _ => "must be an ISO 8601 date and time",
        };
    }

    private static bool IsCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IPAddress.TryParse(text[..slash], out var address)
            && int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            && prefix <= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);
    }
}

/// <summary>Checks a custom constraint against a cloud (does this flavor exist?). Implemented by the OpenStack driver.</summary>
public interface ICustomConstraintChecker
{
    /// <summary>Null when the value satisfies the constraint, else why not ("no flavor named m1.huge").</summary>
    ValueTask<string?> CheckAsync(string constraint, string value, CancellationToken cancellationToken = default);
}
