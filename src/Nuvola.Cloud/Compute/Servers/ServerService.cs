using System.Globalization;
using Nuvola.Cloud.Compute.Keypairs;
using Nuvola.Cloud.Compute.Limits;
using Nuvola.Cloud.Compute.SecurityGroups;
using Nuvola.Cloud.Compute.ServerGroups;
using Nuvola.Cloud.Compute.Volumes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>
/// Compute's conductor: creates servers (ports from Network, image from Image, flavor snapshot), drives the
/// hypervisor, applies the state machine of actions and records each action (os-instance-actions).
/// </summary>
public sealed partial class ServerService(
    ServerStore store,
    ServerFlavors flavors,
    IHypervisor hypervisor,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ServerService> logger)
{
    public const string AvailabilityZone = "nova";

    /// <summary>Held while a create decides where its servers go and records them (the scheduler's view stays consistent).</summary>
    private readonly Lock _scheduling = new();

    public ServerStore Store => store;

    public IHypervisor Hypervisor => hypervisor;

    public IServerNetworking? Networking => services.GetService<IServerNetworking>();

    public IImageCatalog? Images => services.GetService<IImageCatalog>();

    /// <summary>Volume attachments and block device mappings (boot from volume).</summary>
    public ServerVolumeService? Volumes => services.GetService<ServerVolumeService>();

    /// <summary>Creates max_count servers (BUILD), binds their ports, and starts building them; returns them with their admin password.</summary>
    public IReadOnlyList<(ServerRecord Server, string AdminPass)> Create(AuthContext caller, ServerCreateRequest request, string requestId)
    {
        var projectId = caller.RequireProject();
        if (!caller.CanWrite)
        {
            throw ApiException.Forbidden("Policy doesn't allow os_compute_api:servers:create to be performed.");
        }

        var flavor = flavors.Find(request.FlavorRef, caller) ?? throw ApiException.BadRequest("Invalid flavorRef provided.");
        if (request.ImageRef is { } imageId)
        {
            var image = (Images ?? throw ApiException.BadRequest("Can not find requested image")).Find(caller, imageId)
                ?? throw ApiException.BadRequest("Can not find requested image");
            if (!string.Equals(image.Status, "active", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiException.BadRequest($"Image {imageId} is not active.");
            }

            if (image.MinDisk > flavor.Disk && flavor.Disk > 0)
            {
                throw ApiException.BadRequest("Flavor's disk is too small for requested image.");
            }

            if (image.MinRam > flavor.Ram)
            {
                throw ApiException.BadRequest("Flavor's memory is too small for requested image.");
            }
        }

        // "zone:host" or "zone:host:node" forces a host: Nova's policy compute:servers:create:forced_host is admin only.
        if (request.AvailabilityZone?.Split(':') is [_, var forcedHost, ..] parts && (forcedHost.Length > 0 || parts is [_, _, { Length: > 0 }, ..]) && !caller.IsAdmin)
        {
            throw ApiException.Forbidden("Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.");
        }

        if (request.AvailabilityZone is { Length: > 0 } zone && zone.Split(':')[0] != AvailabilityZone)
        {
            throw ApiException.BadRequest("The requested availability zone is not available");
        }

        if (request.KeyName is { } keyName && services.GetService<KeypairStore>()?.Find(caller.UserId, keyName) is null)
        {
            throw ApiException.BadRequest("Invalid key_name provided.");
        }

        var blockDevices = Volumes?.Plan(caller, request, flavor) ?? [];
        var networks = NetworksFor(caller, request);
        if (request.MaxCount > 1 && networks.Any(n => n.PortId is not null))
        {
            throw ApiException.BadRequest("Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.");
        }

        var count = services.GetService<QuotaService>()?.CheckServers(projectId, request.MinCount, request.MaxCount, flavor.Vcpus, flavor.Ram) ?? request.MaxCount;
        using var scheduling = _scheduling.EnterScope();
        var group = GroupFor(caller, request.SchedulerGroup, count);
        var now = time.GetUtcNow();
        var reservation = "r-" + Guid.NewGuid().ToString("N")[..8];
        var created = new List<(ServerRecord, string)>();
        var host = group is null || ServerGroupPlacement.Fits(group, hypervisor.HostName, count, store.Servers.Find) ? hypervisor.HostName : string.Empty;
        try
        {
            for (var index = 0; index < count; index++)
            {
                var id = Guid.NewGuid().ToString("D");
                var name = count > 1 ? $"{request.Name}-{index + 1}" : request.Name;
                AttachPorts(caller, id, networks);
                var server = new ServerRecord
                {
                    Id = id,
                    Name = name,
                    ProjectId = projectId,
                    UserId = caller.UserId,
                    ImageId = request.ImageRef,
                    Flavor = flavor,
                    KeyName = request.KeyName,
                    UserData = request.UserData,
                    Metadata = request.Metadata,
                    SecurityGroups = request.SecurityGroups,
                    AvailabilityZone = AvailabilityZone,
                    ConfigDrive = request.ConfigDrive,
                    DiskConfig = request.DiskConfig,
                    AccessIPv4 = request.AccessIPv4,
                    AccessIPv6 = request.AccessIPv6,
                    Description = request.Description,
                    Tags = request.Tags,
                    HostName = HostNameOf(name),
                    Host = host,
                    ReservationId = reservation,
                    LaunchIndex = index,
                    Networks = networks,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                store.Servers.Put(id, server);
                // On the rollback list from here: whatever follows may refuse (an unknown security group is a 400), and
                // a refused create leaves no server, port or quota use behind.
                created.Add((server, request.AdminPass ?? ServerCreateRequest.GeneratePassword()));
                if (group is not null)
                {
                    services.GetRequiredService<ServerGroupStore>().AddMembers(group.Id, [id]);
                }

                ApplySecurityGroups(caller, server);
                Volumes?.Record(id, blockDevices);
                RecordAction(caller, server, "create", index == 0 ? requestId : requestId + "-" + index.ToString(CultureInfo.InvariantCulture), "compute__do_build_and_run_instance", null);
            }
        }
        catch
        {
            foreach (var (server, _) in created)
            {
                store.Servers.Remove(server.Id);
                Networking?.Detach(server.Id);
                Volumes?.Release(server.Id, deleteVolumes: false);
                Forget(server.Id);
            }

            throw;
        }

        foreach (var (server, _) in created)
        {
            _ = DriveBuildAsync(server.Id, rebuild: false);
        }

        return created;
    }

    /// <summary>Builds (or rebuilds) a server on the hypervisor and records the outcome; used at create and after a restart.</summary>
    public async Task DriveBuildAsync(string id, bool rebuild)
    {
        var server = store.Update(id, s => s with { TaskState = rebuild ? "rebuild_spawning" : TaskStates.Spawning });
        if (server is null)
        {
            return;
        }

        try
        {
            if (server.Host.Length == 0)
            {
                // The scheduler found no host (a server group's policy): Nova's conductor buries the server in ERROR.
                throw new HypervisorException(ServerGroupPlacement.NoValidHost);
            }

            if (rebuild)
            {
                await hypervisor.DestroyAsync(id);
            }

            if (!rebuild)
            {
                Volumes?.Prepare(server);
            }

            await hypervisor.SpawnAsync(SpecOf(server));
            var now = time.GetUtcNow();
            var done = store.Update(id, s => s with
            {
                VmState = VmStates.Active,
                TaskState = null,
                PowerState = (int)PowerState.Running,
                LaunchedAt = s.LaunchedAt ?? now,
                UpdatedAt = now,
                Fault = null,
            });
            if (done is null)
            {
                await hypervisor.DestroyAsync(id);
            }

            FinishLatestEvent(id, "Success");
        }
        catch (HypervisorException failure)
        {
            var now = time.GetUtcNow();
            store.Update(id, s => s with
            {
                VmState = VmStates.Error,
                TaskState = null,
                PowerState = (int)PowerState.NoState,
                UpdatedAt = now,
                Fault = new ServerFault(500, failure.Message, null, now),
            });
            FinishLatestEvent(id, "Error");
        }
        catch (Exception unexpected)
        {
            LogBuildFailed(logger, id, unexpected);
            var now = time.GetUtcNow();
            store.Update(id, s => s with
            {
                VmState = VmStates.Error,
                TaskState = null,
                UpdatedAt = now,
                Fault = new ServerFault(500, "Build of instance " + id + " failed.", null, now),
            });
            FinishLatestEvent(id, "Error");
        }
    }

    /// <summary>Removes a server: destroys its instance, releases its ports, and forgets it (GET answers 404 at once).</summary>
    public async Task DeleteAsync(AuthContext caller, string id, string requestId)
    {
        var server = store.FindFor(caller, id);
        RequireUnlocked(caller, server);
        RequireOwnerWrite(caller, server);
        await hypervisor.DestroyAsync(id);
        Networking?.Detach(id);
        Volumes?.Release(id);
        store.Servers.Remove(id);
        Forget(id);
        RecordAction(caller, server, "delete", requestId, "compute_terminate_instance", "Success");
    }

    /// <summary>Tells the parts that keep something per server (groups, interface tags, password) that it is gone.</summary>
    private void Forget(string serverId)
    {
        foreach (var cleanup in services.GetServices<IServerCleanup>())
        {
            cleanup.ServerDeleted(serverId);
        }
    }

    /// <summary>
    /// The group named by the scheduler hint "group" (400 when the caller's project has none by that id), after
    /// Nova's server_group_members quota check for <paramref name="count"/> more members of this user (403).
    /// </summary>
    private ServerGroupRecord? GroupFor(AuthContext caller, string? groupId, int count)
    {
        if (groupId is null)
        {
            return null;
        }

        var groups = services.GetRequiredService<ServerGroupStore>();
        var group = groups.FindFor(caller, groupId) ?? throw ApiException.BadRequest($"Instance group {groupId} could not be found.");
        if (services.GetService<QuotaService>() is { } quotas)
        {
            var limit = quotas.LimitOf(group.ProjectId, QuotaDefaults.ServerGroupMembers);
            var mine = group.Members.Count(m => store.Servers.Find(m)?.UserId == caller.UserId);
            if (limit >= 0 && mine + count > limit)
            {
                throw ApiException.Forbidden("Quota exceeded, too many servers in group");
            }
        }

        return group;
    }

    public InstanceSpec SpecOf(ServerRecord server)
    {
        var addresses = Networking?.PortsOf(server.Id).SelectMany(p => p.Addresses).Select(a => a.IpAddress).ToList() ?? [];
        var volumes = Volumes;
        return new InstanceSpec(
            server.Id, server.Name, server.HostName, server.ImageId ?? volumes?.RootImageOf(server.Id), server.Flavor.Vcpus, server.Flavor.Ram, server.Flavor.Disk,
            server.UserData, server.KeyName, addresses, volumes?.SpecVolumesOf(server.Id));
    }

    /// <summary>Nova's instance_name (instance-%08x); here derived from the id, stable across restarts.</summary>
    public static string InstanceNameOf(ServerRecord server) =>
        "instance-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(server.Id)))[..8];

    private List<ServerNetworkRequest> NetworksFor(AuthContext caller, ServerCreateRequest request)
    {
        if (request.Networks is { } asked)
        {
            return [.. asked];
        }

        var networking = Networking;
        var fallback = networking?.DefaultNetworkFor(caller);
        if (fallback is null && request.AutoNetwork)
        {
            throw ApiException.BadRequest("Unable to automatically allocate a network for project " + caller.ProjectId);
        }

        return fallback is null ? [] : [new ServerNetworkRequest(fallback, null, null)];
    }

    private void AttachPorts(AuthContext caller, string serverId, IReadOnlyList<ServerNetworkRequest> networks)
    {
        if (networks.Count == 0)
        {
            return;
        }

        var networking = Networking;
        if (networking is null)
        {
            var first = networks[0];
            throw first.PortId is not null
                ? ApiException.BadRequest($"Port {first.PortId} could not be found.")
                : ApiException.BadRequest($"Network {first.NetworkId} could not be found.");
        }

        try
        {
            foreach (var network in networks)
            {
                networking.Attach(caller, serverId, new ServerPortRequest(network.NetworkId, network.PortId, network.FixedIp));
            }
        }
        catch
        {
            networking.Detach(serverId);
            throw;
        }
    }

    /// <summary>The requested groups on the server's ports, instead of Network's default one.</summary>
    private void ApplySecurityGroups(AuthContext caller, ServerRecord server)
    {
        if (services.GetService<NovaSecurityGroups>() is not { } groups || server.SecurityGroups is ["default"])
        {
            return;
        }

        try
        {
            foreach (var name in server.SecurityGroups)
            {
                groups.AddToServer(caller, server.Id, name);
            }

            if (!server.SecurityGroups.Contains("default"))
            {
                groups.RemoveFromServer(caller, server.Id, "default");
            }
        }
        catch (ApiException refusal) when (refusal.Status == 404)
        {
            throw ApiException.BadRequest(refusal.Message);
        }
        catch (ApiException refusal) when (refusal.Status == 400 && refusal.Message.Contains("not associated", StringComparison.Ordinal))
        {
            // The ports had no default group to remove.
        }
    }

    private static string HostNameOf(string name)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : c is ' ' or '_' or '.' ? '-' : '\0');
        }

        var host = builder.ToString().Replace("\0", string.Empty, StringComparison.Ordinal).Trim('-');
        return host.Length == 0 ? "server" : host[..Math.Min(63, host.Length)].TrimEnd('-');
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Build of server {ServerId} failed unexpectedly")]
    private static partial void LogBuildFailed(ILogger logger, string serverId, Exception exception);
}
