using System.Collections.Frozen;

namespace Nuvola.Model.Schemas;

/// <summary>The resource types Nuvola implements (Heat's names and semantics), and the service any other OS:: type belongs to.</summary>
public static partial class ResourceTypeCatalog
{
    private static readonly FrozenDictionary<string, ResourceTypeSchema> Types =
        Compute().Concat(Network()).Concat(Storage()).Concat(Identity()).Concat(Orchestration())
            .ToFrozenDictionary(t => t.Type, StringComparer.Ordinal);

    private static readonly (string Prefix, string Service)[] Services =
    [
        ("OS::Nova::", "Compute"), ("OS::Neutron::", "Networking"), ("OS::Cinder::", "Block Storage"),
        ("OS::Glance::", "Image"), ("OS::Keystone::", "Identity"), ("OS::Heat::", "Orchestration"),
        ("OS::Swift::", "Object Storage"), ("OS::Trove::", "Database"), ("OS::Sahara::", "Data Processing"),
        ("OS::Magnum::", "Container Infrastructure Management"), ("OS::Zun::", "Containers"), ("OS::Designate::", "DNS"),
        ("OS::Octavia::", "Load Balancing"), ("OS::Manila::", "Shared File Systems"), ("OS::Mistral::", "Workflow"),
        ("OS::Zaqar::", "Messaging"), ("OS::Aodh::", "Telemetry Alarming"), ("OS::Barbican::", "Key Manager"),
        ("OS::Senlin::", "Clustering"), ("OS::Ironic::", "Bare Metal"), ("OS::Blazar::", "Resource Reservation"),
        ("OS::Monasca::", "Monitoring"), ("OS::Vitrage::", "Root Cause Analysis"), ("OS::Tacker::", "NFV Orchestration"),
        ("OS::Cyborg::", "Accelerators"), ("OS::Ceilometer::", "Telemetry"), ("OS::Murano::", "Application Catalog"),
        ("AWS::", "AWS CloudFormation compatibility"),
    ];

    public static IEnumerable<ResourceTypeSchema> All => Types.Values.OrderBy(t => t.Type, StringComparer.Ordinal);

    public static ResourceTypeSchema? Find(string type) => Types.GetValueOrDefault(type);

    /// <summary>The OpenStack service a type name belongs to (from its namespace), or null.</summary>
    public static string? ServiceOf(string type) =>
        Services.FirstOrDefault(s => type.StartsWith(s.Prefix, StringComparison.Ordinal)).Service;
}
