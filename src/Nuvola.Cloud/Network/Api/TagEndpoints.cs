using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/{resources}/{id}/tags[/{tag}] for networks, subnets, ports, security groups, routers, floating IPs and subnet pools.</summary>
public static class TagEndpoints
{
    public static void MapTags(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/{resources}/{id}/tags", List);
        v2.MapPut("/{resources}/{id}/tags", ReplaceAll);
        v2.MapDelete("/{resources}/{id}/tags", DeleteAll);
        v2.MapGet("/{resources}/{id}/tags/{tag}", Check);
        v2.MapPut("/{resources}/{id}/tags/{tag}", Add);
        v2.MapDelete("/{resources}/{id}/tags/{tag}", Remove);
    }

    private static IResult List(HttpContext context, NetworkStore store, string resources, string id) =>
        Results.Json(new JsonObject { ["tags"] = new JsonArray(Find(store, resources, id, context.Auth()).Standard.Tags.Select(t => (JsonNode?)t).ToArray()) });

    private static IResult Check(HttpContext context, NetworkStore store, string resources, string id, string tag) =>
        Find(store, resources, id, context.Auth()).Standard.Tags.Contains(tag) ? Results.NoContent() : throw TagNotFound(resources, id, tag);

    private static async Task<IResult> ReplaceAll(HttpContext context, NetworkStore store, string resources, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var item = Writable(store, resources, id, caller);
        var body = new NeutronBody(await JsonBody.ReadObjectAsync(context.Request, cancellationToken));
        var tags = body.Strings("tags") ?? throw NeutronErrors.BadRequest("Invalid tags body");
        tags.ToList().ForEach(Validate);
        var saved = Save(store, item, tags.Distinct(StringComparer.Ordinal).ToList());
        return Results.Json(new JsonObject { ["tags"] = new JsonArray(saved.Select(t => (JsonNode?)t).ToArray()) });
    }

    private static IResult DeleteAll(HttpContext context, NetworkStore store, string resources, string id)
    {
        Save(store, Writable(store, resources, id, context.Auth()), []);
        return Results.NoContent();
    }

    private static IResult Add(HttpContext context, NetworkStore store, string resources, string id, string tag)
    {
        var item = Writable(store, resources, id, context.Auth());
        Validate(tag);
        if (!item.Standard.Tags.Contains(tag))
        {
            Save(store, item, [.. item.Standard.Tags, tag]);
        }

        return Results.StatusCode(201);
    }

    private static IResult Remove(HttpContext context, NetworkStore store, string resources, string id, string tag)
    {
        var item = Writable(store, resources, id, context.Auth());
        if (!item.Standard.Tags.Contains(tag))
        {
            throw TagNotFound(resources, id, tag);
        }

        Save(store, item, item.Standard.Tags.Where(t => t != tag).ToList());
        return Results.NoContent();
    }

    private static INeutronObject Find(NetworkStore store, string resources, string id, AuthContext caller)
    {
        INeutronObject? item = resources switch
        {
            "networks" => store.FindNetwork(id, caller),
            "subnets" => store.FindSubnet(id, caller),
            "ports" => store.FindPort(id, caller),
            "security-groups" => store.FindSecurityGroup(id, caller),
            "routers" => store.FindRouter(id, caller),
            "floatingips" => store.FindFloatingIp(id, caller),
            "subnetpools" => store.FindSubnetPool(id, caller),
            _ => throw ApiException.NotFound("The resource could not be found.", "HTTPNotFound"),
        };
        return item ?? throw resources switch
        {
            "routers" => NeutronErrors.RouterNotFound(id),
            "floatingips" => NeutronErrors.FloatingIpNotFound(id),
            "subnetpools" => NeutronErrors.SubnetPoolNotFound(id),
            _ => NeutronErrors.NotFound(Kind(resources), id),
        };
    }

    private static INeutronObject Writable(NetworkStore store, string resources, string id, AuthContext caller)
    {
        var item = Find(store, resources, id, caller);
        Access.RequireOwner(caller, item.ProjectId, "update_" + Kind(resources).ToLowerInvariant() + "_tags");
        return item;
    }

    private static IReadOnlyList<string> Save(NetworkStore store, INeutronObject item, IReadOnlyList<string> tags)
    {
        var standard = item.Standard.Touched(store.Now) with { Tags = tags };
        switch (item)
        {
            case NetworkRecord n: store.Networks.Put(n.Id, n with { Standard = standard }); break;
            case SubnetRecord s: store.Subnets.Put(s.Id, s with { Standard = standard }); break;
            case PortRecord p:
                lock (store.Ports.Sync)
                {
                    var current = store.Ports.Find(p.Id) ?? p;
                    store.Ports.Put(p.Id, current with { Standard = current.Standard.Touched(store.Now) with { Tags = tags } });
                }

                break;
            case SecurityGroupRecord g: store.SecurityGroups.Put(g.Id, g with { Standard = standard }); break;
            case SubnetPoolRecord:
                lock (store.Ports.Sync)
                {
                    if (store.SubnetPools.Find(item.Id) is { } pool)
                    {
                        store.SubnetPools.Put(pool.Id, pool with { Standard = pool.Standard.Touched(store.Now) with { Tags = tags } });
                    }
                }

                break;
            case RouterRecord or FloatingIpRecord:
                lock (store.Ports.Sync)
                {
                    if (store.Routers.Find(item.Id) is { } router)
                    {
                        store.Routers.Put(router.Id, router with { Standard = router.Standard.Touched(store.Now) with { Tags = tags } });
                    }
                    else if (store.FloatingIps.Find(item.Id) is { } floating)
                    {
                        store.FloatingIps.Put(floating.Id, floating with { Standard = floating.Standard.Touched(store.Now) with { Tags = tags } });
                    }
                }

                break;
        }

        return tags;
    }

    /// <summary>
    /// The "tags" of a create body (Neutron's tag-creation extension), checked before anything is made; null when
    /// absent. <see cref="OnCreate"/> puts them on the new object in the same request.
    /// </summary>
    internal static IReadOnlyList<string>? AtCreate(NeutronBody body)
    {
        var tags = body.Strings("tags");
        tags?.ToList().ForEach(Validate);
        return tags?.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The object just made, with the tags of its create body (itself when none were given).</summary>
    internal static T OnCreate<T>(NetworkStore store, T item, IReadOnlyList<string>? tags)
        where T : class, INeutronObject
    {
        if (tags is null or { Count: 0 })
        {
            return item;
        }

        Save(store, item, tags);
        INeutronObject? saved = item switch
        {
            NetworkRecord => store.Networks.Find(item.Id),
            SubnetRecord => store.Subnets.Find(item.Id),
            PortRecord => store.Ports.Find(item.Id),
            SecurityGroupRecord => store.SecurityGroups.Find(item.Id),
            RouterRecord => store.Routers.Find(item.Id),
            FloatingIpRecord => store.FloatingIps.Find(item.Id),
            SubnetPoolRecord => store.SubnetPools.Find(item.Id),
            _ => null,
        };
        return saved as T ?? item;
    }

    private static void Validate(string tag)
    {
        if (tag.Length is 0 or > 255 || tag.Contains(',', StringComparison.Ordinal))
        {
            throw NeutronErrors.InvalidInput($"'{tag}' is not a valid tag");
        }
    }

    private static string Kind(string resources) => resources switch
    {
        "networks" => "Network",
        "subnets" => "Subnet",
        "ports" => "Port",
        "routers" => "Router",
        "floatingips" => "FloatingIp",
        "subnetpools" => "SubnetPool",
        _ => "SecurityGroup",
    };

    private static ApiException TagNotFound(string resources, string id, string tag) =>
        ApiException.NotFound($"Tag {tag} could not be found for {resources.TrimEnd('s')} {id}.", "TagNotFound");
}
