using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>Neutron's refusals: the exception type names and messages of neutron-lib.</summary>
public static partial class NeutronErrors
{
    /// <summary>NetworkNotFound, SubnetNotFound, PortNotFound ("Network X could not be found.").</summary>
    public static ApiException NotFound(string resource, string? id) => resource switch
    {
        "SecurityGroup" => ApiException.NotFound($"Security group {id} does not exist", "SecurityGroupNotFound"),
        "SecurityGroupRule" => ApiException.NotFound($"Security group rule {id} does not exist", "SecurityGroupRuleNotFound"),
        _ => ApiException.NotFound($"{resource} {id} could not be found.", resource + "NotFound"),
    };

    public static ApiException InvalidInput(string message) =>
        ApiException.BadRequest($"Invalid input for operation: {message}.", "InvalidInput");

    /// <summary>An attribute that fails validation: HTTPBadRequest "Invalid input for NAME. Reason: REASON."</summary>
    public static ApiException InvalidAttribute(string name, string reason) =>
        ApiException.BadRequest($"Invalid input for {name}. Reason: {reason}.", "HTTPBadRequest");

    public static ApiException BadRequest(string message) => ApiException.BadRequest(message, "HTTPBadRequest");

    public static ApiException PolicyNotAuthorized(string rule) =>
        ApiException.Forbidden($"({rule}) is disallowed by policy", "PolicyNotAuthorized");

    public static ApiException NetworkInUse(string id) => ApiException.Conflict(
        $"Unable to complete operation on network {id}. There are one or more ports still in use on the network.", "NetworkInUse");

    public static ApiException SubnetInUse(string id) => ApiException.Conflict(
        $"Unable to complete operation on subnet {id}: One or more ports have an IP allocation from this subnet.", "SubnetInUse");

    public static ApiException IpAddressAlreadyAllocated(string ip, string subnetId) => ApiException.Conflict(
        $"IP address {ip} already allocated in subnet {subnetId}", "IpAddressAlreadyAllocated");

    public static ApiException IpAddressGenerationFailure(string networkId) => ApiException.Conflict(
        $"No more IP addresses available on network {networkId}.", "IpAddressGenerationFailure");

    public static ApiException InvalidIpForSubnet(string ip) => ApiException.BadRequest(
        $"IP address {ip} is not a valid IP for the specified subnet.", "InvalidIpForSubnet");

    public static ApiException InvalidIpForNetwork(string ip) => ApiException.BadRequest(
        $"IP address {ip} is not a valid IP for any of the subnets on the specified network.", "InvalidIpForNetwork");

    public static ApiException MacAddressInUse(string networkId, string mac) => ApiException.Conflict(
        $"Unable to complete operation for network {networkId}. The mac address {mac} is in use.", "MacAddressInUse");

    public static ApiException SecurityGroupInUse(string id) => ApiException.Conflict(
        $"Security Group {id} in use.", "SecurityGroupInUse");

    public static ApiException SecurityGroupRuleExists(string ruleId) => ApiException.Conflict(
        $"Security group rule already exists. Rule id is {ruleId}.", "SecurityGroupRuleExists");
}
