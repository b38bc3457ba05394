namespace Nuvola.Cloud.Compute.Servers;

/// <summary>
/// A part of Compute that keeps something per server (server group membership, interface tags, the server password)
/// and forgets it when the server is deleted. Register implementations as <see cref="IServerCleanup"/> singletons.
/// </summary>
public interface IServerCleanup
{
    void ServerDeleted(string serverId);
}
