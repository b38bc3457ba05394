using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>The block device mappings of every server, one document per server; changes are atomic per server.</summary>
public sealed class BlockDeviceStore(StateStore store)
{
    public Collection<ServerBlockDevices> Servers { get; } = store.Collection<ServerBlockDevices>("compute.block_device_mapping");

    public IReadOnlyList<BlockDeviceRecord> Of(string serverId) => Servers.Find(serverId)?.Devices ?? [];

    /// <summary>Replaces a server's mappings with <paramref name="change"/>'s result under the lock; returns it.</summary>
    public IReadOnlyList<BlockDeviceRecord> Update(string serverId, Func<IReadOnlyList<BlockDeviceRecord>, IReadOnlyList<BlockDeviceRecord>> change)
    {
        lock (Servers.Sync)
        {
            var current = Of(serverId);
            var next = change(current);
            if (!ReferenceEquals(next, current))
            {
                if (next.Count == 0)
                {
                    Servers.Remove(serverId);
                }
                else
                {
                    Servers.Put(serverId, new ServerBlockDevices(serverId, next));
                }
            }

            return next;
        }
    }

    public void Forget(string serverId)
    {
        lock (Servers.Sync)
        {
            Servers.Remove(serverId);
        }
    }
}
