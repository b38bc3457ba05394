using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/subnets: a subnet is seen with its network; its owner (or the network's) changes it.</summary>
public static class SubnetEndpoints
{
    private static readonly string[] CreateAttributes =
    [
        "name", "description", "network_id", "ip_version", "cidr", "gateway_ip", "allocation_pools", "enable_dhcp", "dns_nameservers",
        "host_routes", "ipv6_ra_mode", "ipv6_address_mode", "project_id", "tenant_id", "subnetpool_id", "segment_id", "service_types",
        "prefixlen", "use_default_subnetpool", "tags",
    ];

    private static readonly string[] UpdateAttributes =
        ["name", "description", "gateway_ip", "allocation_pools", "enable_dhcp", "dns_nameservers", "host_routes", "service_types"];

    public static void MapSubnets(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/subnets", List);
        v2.MapPost("/subnets", Create);
        v2.MapGet("/subnets/{id}", Show);
        v2.MapPut("/subnets/{id}", Update);
        v2.MapDelete("/subnets/{id}", Delete);
    }

    private static IResult List(HttpContext context, NetworkStore store)
    {
        var caller = context.Auth();
        var items = store.Subnets.Values.Where(s => store.FindSubnet(s.Id, caller) is not null).Select(NeutronJson.Subnet);
        return Results.Json(ListQuery.Respond(context, "subnets", items, id => NeutronErrors.NotFound("Subnet", id)));
    }

    private static IResult Show(HttpContext context, NetworkStore store, string id)
    {
        var subnet = store.FindSubnet(id, context.Auth()) ?? throw NeutronErrors.NotFound("Subnet", id);
        return Results.Json(new JsonObject { ["subnet"] = ListQuery.Select(NeutronJson.Subnet(subnet), ListQuery.Fields(context.Request.Query)) });
    }

    private static async Task<IResult> Create(HttpContext context, NetworkStore store, NetworkOperations operations, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_subnet");
        var (items, bulk) = await NeutronBody.ReadAsync(context.Request, "subnet", "subnets", cancellationToken);
        var created = new List<SubnetRecord>();
        try
        {
            foreach (var body in items)
            {
                var tags = TagEndpoints.AtCreate(body.Allow(CreateAttributes));
                created.Add(operations.CreateSubnet(Draft(body, caller, store)));
                created[^1] = TagEndpoints.OnCreate(store, created[^1], tags);
            }
        }
        catch
        {
            created.ForEach(s => operations.DeleteSubnet(s.Id));
            throw;
        }

        var json = created.Select(s => (JsonNode?)NeutronJson.Subnet(s)).ToArray();
        return Results.Json(bulk ? new JsonObject { ["subnets"] = new JsonArray(json) } : new JsonObject { ["subnet"] = json[0] }, statusCode: 201);
    }

    private static SubnetDraft Draft(NeutronBody body, AuthContext caller, NetworkStore store)
    {
        var networkId = body.String("network_id") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'network_id' not specified");
        var network = store.RequireNetwork(networkId, caller);
        Access.RequireOwner(caller, network.ProjectId, "create_subnet");
        var version = body.Int("ip_version") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'ip_version' not specified");
        if (version is not (4 or 6))
        {
            throw NeutronBody.Invalid("ip_version", $"'{version}' is not in [4, 6]");
        }

        var cidr = body.String("cidr");
        var pool = Pool(body, version, caller, store);
        var prefixLength = body.Int("prefixlen");
        if (cidr is not null && prefixLength is not null && pool is not null)
        {
            throw NeutronErrors.BadRequest("cidr and prefixlen must not be supplied together");
        }

        if (cidr is null && pool is null)
        {
            throw NeutronErrors.BadRequest("A cidr must be specified in the absence of a subnet pool");
        }

        return new SubnetDraft(
            network.Id, Access.ProjectFor(caller, body), cidr, version, body.String("name") ?? string.Empty, body.String("description") ?? string.Empty,
            body.Has("gateway_ip"), body.String("gateway_ip"), Pools(body), body.Bool("enable_dhcp") ?? true,
            body.Strings("dns_nameservers"), Routes(body), body.String("ipv6_ra_mode"), body.String("ipv6_address_mode"), pool?.Id, prefixLength);
    }

    /// <summary>The pool a subnet is carved from: subnetpool_id (one the caller sees), the default pool, or none.</summary>
    private static SubnetPoolRecord? Pool(NeutronBody body, int version, AuthContext caller, NetworkStore store)
    {
        var id = body.String("subnetpool_id");
        if (body.Bool("use_default_subnetpool") == true)
        {
            if (id is not null)
            {
                throw NeutronErrors.BadRequest("subnetpool_id and use_default_subnetpool cannot both be specified");
            }

            return store.SubnetPools.Values.FirstOrDefault(p => p.IsDefault && p.IpVersion == version)
                ?? throw NeutronErrors.BadResourceRequest("subnets", $"No default subnetpool found for IPv{version}");
        }

        return id is null ? null : store.FindSubnetPool(id, caller) ?? throw NeutronErrors.SubnetPoolNotFound(id);
    }

    private static IReadOnlyList<AllocationPool>? Pools(NeutronBody body) =>
        body.Objects("allocation_pools")?.Select(p => new AllocationPool(p["start"]?.ToString() ?? string.Empty, p["end"]?.ToString() ?? string.Empty)).ToList();

    private static IReadOnlyList<HostRoute>? Routes(NeutronBody body) =>
        body.Objects("host_routes")?.Select(r => new HostRoute(r["destination"]?.ToString() ?? string.Empty, r["nexthop"]?.ToString() ?? string.Empty)).ToList();

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var subnet = store.FindSubnet(id, caller) ?? throw NeutronErrors.NotFound("Subnet", id);
        Access.RequireOwner(caller, subnet.ProjectId, "update_subnet");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "subnet", cancellationToken)).Allow(UpdateAttributes);
        lock (store.Ports.Sync)
        {
            subnet = store.Subnets.Find(id) ?? throw NeutronErrors.NotFound("Subnet", id);
            IpMath.TryParseCidr(subnet.Cidr, out var cidr);
            var gateway = body.Has("gateway_ip") ? SubnetLayout.Gateway(cidr, true, body.String("gateway_ip")) : subnet.GatewayIp;
            if (gateway is not null && gateway != subnet.GatewayIp
                && store.Ports.Values.SelectMany(p => p.FixedIps).Any(ip => ip.SubnetId == subnet.Id && ip.IpAddress == gateway))
            {
                throw ApiException.Conflict($"Gateway ip {gateway} conflicts with allocation pool", "GatewayIpInUse");
            }

            var pools = SubnetLayout.Pools(cidr, gateway, Pools(body) ?? subnet.AllocationPools);
            subnet = subnet with
            {
                Name = body.String("name") ?? subnet.Name,
                GatewayIp = gateway,
                AllocationPools = pools,
                EnableDhcp = body.Bool("enable_dhcp") ?? subnet.EnableDhcp,
                DnsNameservers = body.Has("dns_nameservers") ? SubnetLayout.DnsNameservers(body.Strings("dns_nameservers") ?? []) : subnet.DnsNameservers,
                HostRoutes = body.Has("host_routes") ? SubnetLayout.HostRoutes(Routes(body) ?? [], subnet.IpVersion) : subnet.HostRoutes,
                Standard = subnet.Standard.Touched(store.Now) with { Description = body.String("description") ?? subnet.Standard.Description },
            };
            store.Subnets.Put(subnet.Id, subnet);
        }

        return Results.Json(new JsonObject { ["subnet"] = NeutronJson.Subnet(subnet) });
    }

    private static IResult Delete(HttpContext context, NetworkStore store, NetworkOperations operations, string id)
    {
        var caller = context.Auth();
        var subnet = store.FindSubnet(id, caller) ?? throw NeutronErrors.NotFound("Subnet", id);
        Access.RequireOwner(caller, subnet.ProjectId, "delete_subnet");
        operations.DeleteSubnet(subnet.Id);
        return Results.NoContent();
    }
}
