using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>Neutron's refusals for subnet pools and address scopes (neutron_lib.exceptions and address_scope), word for word.</summary>
public static partial class NeutronErrors
{
    public static ApiException SubnetPoolNotFound(string? id) => ApiException.NotFound($"Subnet pool {id} could not be found.", "SubnetPoolNotFound");

    public static ApiException AddressScopeNotFound(string? id) => ApiException.NotFound($"Address scope {id} could not be found.", "AddressScopeNotFound");

    public static ApiException PrefixVersionMismatch() =>
        ApiException.BadRequest("Cannot mix IPv4 and IPv6 prefixes in a subnet pool.", "PrefixVersionMismatch");

    public static ApiException IllegalPrefixBounds(string type, int length, string baseType, int baseLength) => ApiException.BadRequest(
        $"Illegal prefix bounds: {type}={length}, {baseType}={baseLength}.", "IllegalSubnetPoolPrefixBounds");

    public static ApiException IllegalPrefixUpdate(string message) =>
        ApiException.BadRequest($"Illegal update to prefixes: {message}.", "IllegalSubnetPoolPrefixUpdate");

    public static ApiException IllegalSubnetPoolUpdate(string reason) =>
        ApiException.BadRequest($"Illegal subnetpool update : {reason}.", "IllegalSubnetPoolUpdate");

    public static ApiException SubnetPoolDeleteError(string reason) =>
        ApiException.BadRequest($"Unable to delete subnet pool: {reason}.", "SubnetPoolDeleteError");

    public static ApiException SubnetAllocationError(string reason) =>
        ApiException.Conflict($"Failed to allocate subnet: {reason}.", "SubnetAllocationError");

    public static ApiException MinPrefixAllocation(int length, int min) => ApiException.BadRequest(
        $"Unable to allocate subnet with prefix length {length}, minimum allowed prefix is {min}.", "MinPrefixSubnetAllocationError");

    public static ApiException MaxPrefixAllocation(int length, int max) => ApiException.BadRequest(
        $"Unable to allocate subnet with prefix length {length}, maximum allowed prefix is {max}.", "MaxPrefixSubnetAllocationError");

    public static ApiException SubnetPoolQuotaExceeded() =>
        ApiException.Conflict("Per-tenant subnet pool prefix quota exceeded.", "SubnetPoolQuotaExceeded");

    public static ApiException NetworkSubnetPoolAffinity() => ApiException.BadRequest(
        "Subnets hosted on the same network must be allocated from the same subnet pool.", "NetworkSubnetPoolAffinityError");

    public static ApiException IllegalScopeAssociation(string poolId, string scopeId) => ApiException.BadRequest(
        $"Illegal subnetpool association: subnetpool {poolId} cannot be associated with address scope {scopeId}.",
        "IllegalSubnetPoolAssociationToAddressScope");

    public static ApiException IllegalScopeVersion(string poolId, string scopeId, int version) => ApiException.BadRequest(
        $"Illegal subnetpool association: subnetpool {poolId} cannot associate with address scope {scopeId} because subnetpool ip_version is not {version}.",
        "IllegalSubnetPoolIpVersionAssociationToAddressScope");

    public static ApiException AddressScopeInUse(string id) => ApiException.Conflict(
        $"Unable to complete operation on address scope {id}. There are one or more subnet pools in use on the address scope.", "AddressScopeInUse");

    public static ApiException AddressScopeUpdateError(string id, string reason) => ApiException.BadRequest(
        $"Unable to update address scope {id} : {reason}.", "AddressScopeUpdateError");
}
