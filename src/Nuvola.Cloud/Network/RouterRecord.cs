namespace Nuvola.Cloud.Network;

/// <summary>
/// A router: its gateway to an external network (null: none), its extra routes, and (through ports whose DeviceId is
/// the router's id) its interfaces.
/// </summary>
public sealed record RouterRecord(
    string Id,
    string Name,
    string ProjectId,
    bool AdminStateUp,
    RouterGateway? Gateway,
    IReadOnlyList<HostRoute> Routes,
    StandardAttributes Standard) : INeutronObject
{
    public const string InterfaceOwner = "network:router_interface";
    public const string GatewayOwner = "network:router_gateway";
}

/// <summary>The external_gateway_info: the external network, SNAT, and the gateway port holding the addresses.</summary>
public sealed record RouterGateway(string NetworkId, bool EnableSnat, string PortId);
