using System.Security.Cryptography;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// The names a cloud gives what it creates on the machine, all starting with one prefix ("nv" + 4 hex digits of its data
/// directory) so that a start finds its own and never touches anything else: network namespaces PREFIX-fabric (the bridges),
/// PREFIX-i-ID (an instance), PREFIX-r-ID (a router), PREFIX-access (the external network's access point when the
/// host cannot hold it), and the one host-side interface PREFIX-ext.
/// </summary>
public sealed class NamespaceNames(string prefix)
{
    public string Prefix { get; } = prefix;

    public static NamespaceNames ForDataDirectory(string dataDirectory) =>
        new("nv" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..4]);

    public string Fabric => Prefix + "-fabric";

    public string HostInterface => Prefix + "-ext";

    /// <summary>The namespace that holds the external subnet's gateway address when the host interface cannot.</summary>
    public string Access => Prefix + "-access";

    public string Instance(string instanceId) => Prefix + "-i-" + instanceId;

    public string Router(string routerId) => Prefix + "-r-" + routerId;

    public string? InstanceIdOf(string netns) => netns.StartsWith(Prefix + "-i-", StringComparison.Ordinal) ? netns[(Prefix.Length + 3)..] : null;

    public string? RouterIdOf(string netns) => netns.StartsWith(Prefix + "-r-", StringComparison.Ordinal) ? netns[(Prefix.Length + 3)..] : null;

    public bool Owns(string netns) => netns.StartsWith(Prefix + "-", StringComparison.Ordinal);

    /// <summary>A bridge in the fabric namespace for a network.</summary>
    public static string Bridge(string networkId) => "br-" + Short(networkId, 11);

    /// <summary>The fabric end of a port's veth pair (interface names are at most 15 characters).</summary>
    public static string FabricEnd(string portId) => "t" + Short(portId, 13);

    /// <summary>A router's interface in its namespace (qr- for subnets, qg- for the gateway, as Neutron names them).</summary>
    public static string RouterEnd(string kind, string portId) => kind + Short(portId, 11);

    private static string Short(string id, int length)
    {
        var hex = id.Replace("-", string.Empty, StringComparison.Ordinal);
        return hex.Length <= length ? hex : hex[..length];
    }
}
