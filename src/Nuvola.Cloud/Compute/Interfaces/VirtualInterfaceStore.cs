using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.Interfaces;

/// <summary>
/// Compute's own record of an interface it attached (Nova's VirtualInterface): the device tag given at attach time
/// (2.49+), shown by os-interface from 2.70. The port itself is Network's; this keeps only what Nova keeps.
/// </summary>
public sealed class VirtualInterfaceStore(StateStore store) : IServerCleanup
{
    private readonly Collection<VirtualInterfaceRecord> _interfaces = store.Collection<VirtualInterfaceRecord>("compute.virtual_interface");

    public string? TagOf(string portId) => _interfaces.Find(portId)?.Tag;

    public void Put(VirtualInterfaceRecord record) => _interfaces.Put(record.PortId, record);

    public void Remove(string portId) => _interfaces.Remove(portId);

    public void ServerDeleted(string serverId)
    {
        foreach (var record in _interfaces.Values.Where(v => v.ServerId == serverId).ToList())
        {
            _interfaces.Remove(record.PortId);
        }
    }
}

/// <summary>One attached interface: its port, its server, its tag.</summary>
public sealed record VirtualInterfaceRecord(string PortId, string ServerId, string? Tag);
