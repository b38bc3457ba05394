using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>Neutron's L3 refusals (neutron_lib.exceptions.l3 and extraroute), word for word.</summary>
public static partial class NeutronErrors
{
    /// <summary>n_exc.BadRequest: "Bad router request: MSG."</summary>
    public static ApiException BadResourceRequest(string resource, string message) =>
        ApiException.BadRequest($"Bad {resource} request: {message}.", "BadRequest");

    public static ApiException RouterNotFound(string? id) => ApiException.NotFound($"Router {id} could not be found", "RouterNotFound");

    public static ApiException FloatingIpNotFound(string? id) => ApiException.NotFound($"Floating IP {id} could not be found", "FloatingIPNotFound");

    public static ApiException RouterInUse(string id) => ApiException.Conflict($"Router {id} still has ports", "RouterInUse");

    public static ApiException RouterInterfaceNotFound(string routerId, string portId) => ApiException.NotFound(
        $"Router {routerId} does not have an interface with id {portId}", "RouterInterfaceNotFound");

    public static ApiException RouterInterfaceNotFoundForSubnet(string routerId, string subnetId) => ApiException.NotFound(
        $"Router {routerId} has no interface on subnet {subnetId}", "RouterInterfaceNotFoundForSubnet");

    public static ApiException RouterInterfaceInUseByFloatingIp(string routerId, string subnetId) => ApiException.Conflict(
        $"Router interface for subnet {subnetId} on router {routerId} cannot be deleted, as it is required by one or more floating IPs.",
        "RouterInterfaceInUseByFloatingIP");

    public static ApiException RouterInterfaceInUseByRoute(string routerId, string subnetId) => ApiException.Conflict(
        $"Router interface for subnet {subnetId} on router {routerId} cannot be deleted, as it is required by one or more routes.",
        "RouterInterfaceInUseByRoute");

    public static ApiException GatewayInUseByFloatingIp(string routerId, string networkId) => ApiException.Conflict(
        $"Gateway cannot be updated for router {routerId}, since a gateway to external network {networkId} is required by one or more floating IPs.",
        "RouterExternalGatewayInUseByFloatingIp");

    public static ApiException ExternalGatewayForFloatingIpNotFound(string networkId, string subnetId, string portId) => ApiException.NotFound(
        $"External network {networkId} is not reachable from subnet {subnetId}.  Therefore, cannot associate Port {portId} with a Floating IP.",
        "ExternalGatewayForFloatingIPNotFound");

    public static ApiException FloatingIpPortAlreadyAssociated(FloatingIpRecord other, string portId, string fixedIp) => ApiException.Conflict(
        $"Cannot associate floating IP {other.FloatingIpAddress} ({other.Id}) with port {portId} using fixed IP {fixedIp}, "
        + $"as that fixed IP already has a floating IP on external network {other.FloatingNetworkId}.", "FloatingIPPortAlreadyAssociated");

    public static ApiException InvalidRoutes(IEnumerable<HostRoute> routes, string reason) => ApiException.BadRequest(
        $"Invalid format for routes: [{string.Join(", ", routes.Select(r => $"{{'destination': '{r.Destination}', 'nexthop': '{r.Nexthop}'}}"))}], {reason}.",
        "InvalidRoutes");

    public static ApiException PortInUse(string portId, string networkId, string deviceId) => ApiException.Conflict(
        $"Unable to complete operation on port {portId} for network {networkId}. Port already has an attached device {deviceId}.", "PortInUse");

    public static ApiException ServicePortInUse(string portId, string deviceOwner) => ApiException.Conflict(
        $"Port {portId} cannot be deleted directly via the port API: has device owner {deviceOwner}.", "ServicePortInUse");

    public static ApiException OverQuota(string resource) => ApiException.Conflict($"Quota exceeded for resources: ['{resource}'].", "OverQuota");
}
