namespace Nuvola.Cloud.Network;

/// <summary>What external_gateway_info asks: NetworkId null clears the gateway; null EnableSnat/FixedIps keep or default.</summary>
public sealed record GatewayRequest(string? NetworkId, bool? EnableSnat = null, IReadOnlyList<FixedIpRequest>? FixedIps = null)
{
    public static GatewayRequest None { get; } = new((string?)null);
}

/// <summary>
/// Routers: a gateway port on an external network (owned by no project, as Neutron's), interface ports on subnets,
/// extra routes whose nexthops the router reaches. Every change holds Ports.Sync, the allocation lock.
/// </summary>
public sealed partial class RouterOperations(NetworkStore store, PortOperations ports)
{
    public RouterRecord Create(string name, string projectId, bool adminStateUp, string description, GatewayRequest? gateway)
    {
        lock (store.Ports.Sync)
        {
            var limit = store.QuotaLimit(projectId, "router");
            if (limit >= 0 && store.Routers.Values.Count(r => r.ProjectId == projectId) >= limit)
            {
                throw NeutronErrors.OverQuota("router");
            }

            var router = new RouterRecord(NetworkStore.NewId(), name, projectId, adminStateUp, null, [], StandardAttributes.New(store.Now, description));
            if (gateway?.NetworkId is not null)
            {
                router = router with { Gateway = NewGateway(router.Id, gateway) };
            }

            store.Routers.Put(router.Id, router);
            return router;
        }
    }

    /// <summary>Applies a change; a gateway request (when given) replaces, re-addresses or clears the gateway; routes (when given) replace them.</summary>
    public RouterRecord Update(string routerId, Func<RouterRecord, RouterRecord> change, GatewayRequest? gateway, IReadOnlyList<HostRoute>? routes)
    {
        lock (store.Ports.Sync)
        {
            var router = change(store.Routers.Find(routerId) ?? throw NeutronErrors.RouterNotFound(routerId));
            if (routes is not null)
            {
                CheckRoutes(router, routes);
                router = router with { Routes = routes };
            }

            if (gateway is not null)
            {
                router = router with { Gateway = ChangeGateway(router, gateway) };
            }

            router = router with { Standard = router.Standard.Touched(store.Now) };
            store.Routers.Put(router.Id, router);
            return router;
        }
    }

    /// <summary>Deletes a router and its gateway port; 409 RouterInUse while it has interfaces.</summary>
    public void Delete(string routerId)
    {
        lock (store.Ports.Sync)
        {
            var router = store.Routers.Find(routerId) ?? throw NeutronErrors.RouterNotFound(routerId);
            if (store.InterfacesOf(router.Id).Any())
            {
                throw NeutronErrors.RouterInUse(router.Id);
            }

            if (router.Gateway is { } gateway)
            {
                CheckGatewayUnused(router, gateway);
                ports.Delete(gateway.PortId);
            }

            store.Routers.Remove(router.Id);
        }
    }

    private RouterGateway NewGateway(string routerId, GatewayRequest request)
    {
        var network = store.Networks.Find(request.NetworkId) ?? throw NeutronErrors.NotFound("Network", request.NetworkId);
        if (!network.External)
        {
            throw NeutronErrors.BadResourceRequest("router", $"Network {network.Id} is not an external network");
        }

        var port = ports.Create(new PortDraft(
            network.Id, string.Empty, FixedIps: request.FixedIps, DeviceId: routerId, DeviceOwner: RouterRecord.GatewayOwner,
            SecurityGroups: [], PortSecurityEnabled: false));
        return new RouterGateway(network.Id, request.EnableSnat ?? true, port.Id);
    }

    private RouterGateway? ChangeGateway(RouterRecord router, GatewayRequest request)
    {
        var current = router.Gateway;
        if (current is not null && current.NetworkId == request.NetworkId)
        {
            if (request.FixedIps is not null)
            {
                ports.Update(current.PortId, p => p, request.FixedIps);
            }

            return current with { EnableSnat = request.EnableSnat ?? current.EnableSnat };
        }

        if (current is not null)
        {
            CheckGatewayUnused(router, current);
        }

        var replacement = request.NetworkId is null ? null : NewGateway(router.Id, request);
        if (current is not null)
        {
            ports.Delete(current.PortId);
        }

        return replacement;
    }

    private void CheckGatewayUnused(RouterRecord router, RouterGateway gateway)
    {
        if (store.FloatingIps.Values.Any(f => f.RouterId == router.Id))
        {
            throw NeutronErrors.GatewayInUseByFloatingIp(router.Id, gateway.NetworkId);
        }
    }

    /// <summary>extraroute: every nexthop must be on a subnet the router is connected to, and not one of its own addresses.</summary>
    private void CheckRoutes(RouterRecord router, IReadOnlyList<HostRoute> routes)
    {
        var own = store.Ports.Values.Where(p => p.DeviceId == router.Id && p.DeviceOwner is RouterRecord.InterfaceOwner or RouterRecord.GatewayOwner)
            .SelectMany(p => p.FixedIps).ToList();
        var connected = own.Select(ip => store.Subnets.Find(ip.SubnetId)).OfType<SubnetRecord>()
            .Select(s => IpMath.TryParseCidr(s.Cidr, out var cidr) ? cidr : (Cidr?)null).OfType<Cidr>().ToList();
        foreach (var route in routes)
        {
            IpMath.TryParseAddress(route.Nexthop, out var nexthop, out var version);
            if (own.Any(ip => AddressPlan.Canonical(ip.IpAddress) == AddressPlan.Canonical(route.Nexthop)))
            {
                throw NeutronErrors.InvalidRoutes(routes, "the nexthop is used by router");
            }

            if (!connected.Any(c => c.Version == version && c.Contains(nexthop)))
            {
                throw NeutronErrors.InvalidRoutes(routes, "the nexthop is not connected with router");
            }
        }
    }
}
