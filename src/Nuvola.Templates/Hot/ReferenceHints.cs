namespace Nuvola.Templates.Hot;

/// <summary>Which resource type a property that refers to another resource expects, from its name or custom constraint.</summary>
internal static class ReferenceHints
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        ["port"] = "OS::Neutron::Port",
        ["port_id"] = "OS::Neutron::Port",
        ["network"] = "OS::Neutron::Net",
        ["network_id"] = "OS::Neutron::Net",
        ["floating_network"] = "OS::Neutron::Net",
        ["subnet"] = "OS::Neutron::Subnet",
        ["subnet_id"] = "OS::Neutron::Subnet",
        ["router"] = "OS::Neutron::Router",
        ["router_id"] = "OS::Neutron::Router",
        ["volume_id"] = "OS::Cinder::Volume",
        ["instance_uuid"] = "OS::Nova::Server",
        ["server"] = "OS::Nova::Server",
        ["floatingip_id"] = "OS::Neutron::FloatingIP",
        ["security_group"] = "OS::Neutron::SecurityGroup",
        ["config"] = "OS::Heat::SoftwareConfig",
        ["handle"] = "OS::Heat::WaitConditionHandle",
        ["auto_scaling_group_id"] = "OS::Heat::AutoScalingGroup",
    };

    private static readonly Dictionary<string, string> ByConstraint = new(StringComparer.Ordinal)
    {
        ["neutron.port"] = "OS::Neutron::Port",
        ["neutron.network"] = "OS::Neutron::Net",
        ["neutron.subnet"] = "OS::Neutron::Subnet",
        ["neutron.router"] = "OS::Neutron::Router",
        ["cinder.volume"] = "OS::Cinder::Volume",
        ["nova.server"] = "OS::Nova::Server",
        ["nova.keypair"] = "OS::Nova::KeyPair",
        ["nova.flavor"] = "OS::Nova::Flavor",
        ["glance.image"] = "OS::Glance::WebImage",
    };

    public static string? ExpectedType(string property, string? constraint) =>
        ByName.GetValueOrDefault(property) ?? (constraint is null ? null : ByConstraint.GetValueOrDefault(constraint));

    /// <summary>The property a YAML path ends in, skipping the function name and list indexes (…networks[0].port.get_resource → port).</summary>
    public static string? PropertyOf(string path)
    {
        var segments = path.Split('.');
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            var segment = segments[i];
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            segment = bracket >= 0 ? segment[..bracket] : segment;
            if (segment is not ("get_resource" or "get_attr" or "properties") && segment.Length > 0)
            {
                return segment;
            }
        }

        return null;
    }
}
