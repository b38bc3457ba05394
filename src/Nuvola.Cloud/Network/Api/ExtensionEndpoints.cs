using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Network.Api;

/// <summary>GET /v2.0/extensions and /v2.0/extensions/{alias}: the extensions this service really implements.</summary>
public static class ExtensionEndpoints
{
    private static readonly (string Alias, string Name, string Description)[] Extensions =
    [
        ("security-group", "security-group", "The security groups extension."),
        ("stateful-security-group", "Stateful security group", "Indicates if the security group is stateful or not"),
        ("port-security", "Port Security", "Provides port security"),
        ("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
        ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
        ("external-net", "Neutron external network", "Adds external network attribute to network resource."),
        ("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."),
        ("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"),
        ("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"),
        ("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
        ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
        ("quotas", "Quota management support", "Expose functions for quotas management per project"),
        ("quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project"),
        ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
        ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
        ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
        ("standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip", "Enables to set tag on resources with standard attribute."),
        ("subnet_allocation", "Subnet Allocation", "Enables allocation of subnets from a subnet pool"),
        ("default-subnetpools", "Default Subnetpools", "Provides ability to mark and use a subnetpool as the default."),
        ("subnetpool-prefix-ops", "Subnet Pool Prefix Operations", "Provides support for adjusting the prefix list of subnet pools"),
        ("address-scope", "Address scope", "Address scopes extension."),
        ("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
        ("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
    ];

    public static void MapNetworkExtensions(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/extensions", List);
        v2.MapGet("/extensions/{alias}", Show);
    }

    private static IResult List() => Results.Json(new JsonObject
    {
        ["extensions"] = new JsonArray(Extensions.Select(e => (JsonNode?)ToJson(e)).ToArray()),
    });

    private static IResult Show(string alias)
    {
        var extension = Extensions.FirstOrDefault(e => e.Alias == alias);
        return extension.Alias is null
            ? throw Hosting.ApiException.NotFound($"Extension with alias {alias} does not exist", "HTTPNotFound")
            : Results.Json(new JsonObject { ["extension"] = ToJson(extension) });
    }

    private static JsonObject ToJson((string Alias, string Name, string Description) extension) => new()
    {
        ["alias"] = extension.Alias,
        ["name"] = extension.Name,
        ["description"] = extension.Description,
        ["links"] = new JsonArray(),
        ["updated"] = "2023-01-01T00:00:00-00:00",
    };
}
