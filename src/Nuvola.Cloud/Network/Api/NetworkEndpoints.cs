using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/networks: a project sees its own networks plus shared and external ones; admin sees all.</summary>
public static class NetworkEndpoints
{
    private static readonly string[] CreateAttributes =
    [
        "name", "description", "admin_state_up", "shared", "router:external", "port_security_enabled", "mtu", "project_id", "tenant_id",
        "availability_zone_hints", "provider:network_type", "provider:physical_network", "provider:segmentation_id", "tags",
    ];

    private static readonly string[] ProviderAttributes = ["provider:network_type", "provider:physical_network", "provider:segmentation_id"];

    private static readonly string[] UpdateAttributes = ["name", "description", "admin_state_up", "shared", "router:external", "port_security_enabled", "mtu"];

    public static void MapNetworks(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/networks", List);
        v2.MapPost("/networks", Create);
        v2.MapGet("/networks/{id}", Show);
        v2.MapPut("/networks/{id}", Update);
        v2.MapDelete("/networks/{id}", Delete);
    }

    private static IResult List(HttpContext context, NetworkStore store)
    {
        var caller = context.Auth();
        var items = store.Networks.Values.Where(n => n.IsVisibleTo(caller.ProjectId, caller.IsAdmin)).Select(n => NeutronJson.Network(n, store));
        return Results.Json(ListQuery.Respond(context, "networks", items, id => NeutronErrors.NotFound("Network", id)));
    }

    private static IResult Show(HttpContext context, NetworkStore store, string id)
    {
        var network = store.RequireNetwork(id, context.Auth());
        return Results.Json(new JsonObject { ["network"] = ListQuery.Select(NeutronJson.Network(network, store), ListQuery.Fields(context.Request.Query)) });
    }

    private static async Task<IResult> Create(HttpContext context, NetworkStore store, NetworkOperations operations, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_network");
        var (items, bulk) = await NeutronBody.ReadAsync(context.Request, "network", "networks", cancellationToken);
        var created = new List<NetworkRecord>();
        try
        {
            foreach (var body in items)
            {
                body.Allow(CreateAttributes);
                var shared = body.Bool("shared") ?? false;
                var external = body.Bool("router:external") ?? false;
                if (shared)
                {
                    Access.RequireAdmin(caller, "create_network", "shared");
                }

                if (external)
                {
                    Access.RequireAdmin(caller, "create_network", "router:external");
                }

                // Neutron's policy gives the provider attributes (the physical network beneath) to the admin alone.
                foreach (var provider in ProviderAttributes.Where(body.Has))
                {
                    Access.RequireAdmin(caller, "create_network", provider);
                }

                var mtu = body.Int("mtu") ?? 1450;
                if (mtu < 68)
                {
                    throw NeutronBody.Invalid("mtu", $"'{mtu}' is too small - must be at least '68'");
                }

                var tags = TagEndpoints.AtCreate(body);
                var network = operations.CreateNetwork(
                    body.String("name") ?? string.Empty, Access.ProjectFor(caller, body), shared, external,
                    body.Bool("admin_state_up") ?? true, body.Bool("port_security_enabled") ?? true, mtu, body.String("description") ?? string.Empty);
                created.Add(network);
                created[^1] = TagEndpoints.OnCreate(store, network, tags);
            }
        }
        catch
        {
            created.ForEach(n => operations.DeleteNetwork(n.Id));
            throw;
        }

        var json = created.Select(n => (JsonNode?)NeutronJson.Network(n, store)).ToArray();
        return Results.Json(bulk ? new JsonObject { ["networks"] = new JsonArray(json) } : new JsonObject { ["network"] = json[0] }, statusCode: 201);
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var network = store.RequireNetwork(id, caller);
        Access.RequireOwner(caller, network.ProjectId, "update_network");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "network", cancellationToken)).Allow(UpdateAttributes);
        if (body.Has("shared") && body.Bool("shared") != network.Shared)
        {
            Access.RequireAdmin(caller, "update_network", "shared");
        }

        if (body.Has("router:external") && body.Bool("router:external") != network.External)
        {
            Access.RequireAdmin(caller, "update_network", "router:external");
        }

        lock (store.Networks.Sync)
        {
            network = store.RequireNetwork(id, caller);
            network = network with
            {
                Name = body.String("name") ?? network.Name,
                AdminStateUp = body.Bool("admin_state_up") ?? network.AdminStateUp,
                Shared = body.Bool("shared") ?? network.Shared,
                External = body.Bool("router:external") ?? network.External,
                PortSecurityEnabled = body.Bool("port_security_enabled") ?? network.PortSecurityEnabled,
                Mtu = body.Int("mtu") ?? network.Mtu,
                Standard = network.Standard.Touched(store.Now) with { Description = body.String("description") ?? network.Standard.Description },
            };
            store.Networks.Put(network.Id, network);
        }

        return Results.Json(new JsonObject { ["network"] = NeutronJson.Network(network, store) });
    }

    private static IResult Delete(HttpContext context, NetworkStore store, NetworkOperations operations, string id)
    {
        var caller = context.Auth();
        var network = store.RequireNetwork(id, caller);
        Access.RequireOwner(caller, network.ProjectId, "delete_network");
        operations.DeleteNetwork(network.Id);
        return Results.NoContent();
    }
}
