using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>/servers/{id}/os-instance-actions[/{request_id}]: what was done to a server, newest first.</summary>
public static class InstanceActionEndpoints
{
    public static IEndpointRouteBuilder MapInstanceActions(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapComputeApi();
        api.MapGet("/servers/{id}/os-instance-actions", List);
        api.MapGet("/servers/{id}/os-instance-actions/{requestId}", Show);
        return routes;
    }

    private static IResult List(HttpContext context, ServerService service, string id)
    {
        var projectId = ProjectOf(context, service, id);
        var actions = service.Store.Actions.Values
            .Where(a => a.InstanceId == id && a.ProjectId == projectId)
            .OrderByDescending(a => a.StartTime)
            .ThenByDescending(a => a.RequestId, StringComparer.Ordinal)
            .Select(a => (JsonNode)View(context, a, withEvents: false));
        return ServerEndpoints.Json(new JsonObject { ["instanceActions"] = new JsonArray([.. actions]) });
    }

    private static IResult Show(HttpContext context, ServerService service, string id, string requestId)
    {
        var projectId = ProjectOf(context, service, id);
        var action = service.Store.Actions.Find(requestId);
        if (action is null || action.InstanceId != id || action.ProjectId != projectId)
        {
            throw ApiException.NotFound($"Action for request_id {requestId} on instance {id} not found");
        }

        return ServerEndpoints.Json(new JsonObject { ["instanceAction"] = View(context, action, withEvents: true) });
    }

    /// <summary>The server's project: from the server, or (2.21+) from the actions of a deleted server.</summary>
    private static string ProjectOf(HttpContext context, ServerService service, string id)
    {
        var caller = context.Auth();
        if (service.Store.TryFindFor(caller, id) is { } server)
        {
            return server.ProjectId;
        }

        if (context.ComputeVersionAtLeast(2, 21) && !service.Store.Servers.Contains(id))
        {
            var owner = service.Store.Actions.Values.FirstOrDefault(a => a.InstanceId == id)?.ProjectId;
            if (owner is not null && (caller.IsAdmin || owner == caller.ProjectId))
            {
                return owner;
            }
        }

        throw ServerStore.NotFound(id);
    }

    private static JsonObject View(HttpContext context, InstanceActionRecord action, bool withEvents)
    {
        var version = context.ComputeVersion();
        var isAdmin = context.Auth().IsAdmin;
        var view = new JsonObject
        {
            ["action"] = action.Action,
            ["instance_uuid"] = action.InstanceId,
            ["message"] = action.Message,
            ["project_id"] = action.ProjectId,
            ["request_id"] = action.RequestId,
            ["start_time"] = ServerView.Time(action.StartTime),
            ["user_id"] = action.UserId,
        };
        if (version.IsAtLeast(2, 58))
        {
            view["updated_at"] = ServerView.Time(action.UpdatedAt);
        }

        if (withEvents && (isAdmin || version.IsAtLeast(2, 51)))
        {
            var events = new JsonArray();
            foreach (var e in action.Events)
            {
                var item = new JsonObject
                {
                    ["event"] = e.Event,
                    ["start_time"] = ServerView.Time(e.StartTime),
                    ["finish_time"] = e.FinishTime is { } finish ? ServerView.Time(finish) : null,
                    ["result"] = e.Result,
                };
                if (isAdmin)
                {
                    item["traceback"] = e.Traceback;
                }

                if (version.IsAtLeast(2, 62))
                {
                    item["hostId"] = string.Empty;
                    if (isAdmin)
                    {
                        item["host"] = "nuvola-compute";
                    }
                }

                events.Add(item);
            }

            view["events"] = events;
        }

        return view;
    }
}
