using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>A stack's events and a resource's events: filters (resource_action, resource_status, resource_name,
/// resource_type), paging (marker = an event id, limit), sort_dir on the event order; show one event.</summary>
public static class EventEndpoints
{
    private const string Stack = "/stacks/{stack_name}/{stack_id}";

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder routes)
    {
        routes.MapGet(Stack + "/events", (HttpContext c, HeatStore s, StackOperations o, PublicUrls u, string stack_name, string stack_id) =>
            ListAsync(c, s, o, u, stack_name, stack_id, null));
        routes.MapGet(Stack + "/resources/{resource_name}/events", (HttpContext c, HeatStore s, StackOperations o, PublicUrls u, string stack_name, string stack_id, string resource_name) =>
            ListAsync(c, s, o, u, stack_name, stack_id, resource_name));
        routes.MapGet(Stack + "/events/{event_id}", (HttpContext c, HeatStore s, StackOperations o, PublicUrls u, string stack_name, string stack_id, string event_id) =>
            ShowAsync(c, s, o, u, stack_name, stack_id, null, event_id));
        routes.MapGet(Stack + "/resources/{resource_name}/events/{event_id}", ShowAsync);
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext context, HeatStore store, StackOperations operations, PublicUrls urls, string stack_name, string stack_id, string? resource)
    {
        var stack = StackLookup.Find(store, context, stack_name, stack_id);
        var view = await HeatView.LoadAsync(operations.Engine.State, stack, context.RequestAborted);
        IEnumerable<HeatEvent> events = view.Events;
        if (resource is not null)
        {
            if (resource != stack.Name && view.Resources.All(r => r.Name != resource) && view.Events.All(e => e.ResourceName != resource))
            {
                throw StackLookup.ResourceNotFound(resource, stack.Name);
            }

            events = events.Where(e => e.ResourceName == resource);
        }

        var query = context.Request.Query;
        events = Filter(events, query, "resource_action", e => e.Action);
        events = Filter(events, query, "resource_status", e => e.Status);
        events = Filter(events, query, "resource_name", e => e.ResourceName);
        events = Filter(events, query, "resource_type", e => e.Type);
        var sortDir = query["sort_dir"].ToString() is { Length: > 0 } dir ? dir : "asc";
        if (sortDir is not ("asc" or "desc"))
        {
            throw ApiException.BadRequest($"Invalid sort direction: {sortDir}. Allowed: asc, desc");
        }

        var list = (sortDir == "asc" ? events : events.Reverse()).ToList();
        list = HeatPaging.Page(list, query, e => e.Id, "Event");

        var apiBase = HeatRequest.BaseOf(context, urls);
        return Results.Json(new JsonObject { ["events"] = new JsonArray([.. list.Select(e => (JsonNode)HeatJson.Event(e, stack, apiBase, detail: false))]) });
    }

    private static IEnumerable<HeatEvent> Filter(IEnumerable<HeatEvent> events, IQueryCollection query, string name, Func<HeatEvent, string> value)
    {
        var wanted = query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        return wanted.Count == 0 ? events : events.Where(e => wanted.Contains(value(e), StringComparer.Ordinal));
    }

    private static async Task<IResult> ShowAsync(HttpContext context, HeatStore store, StackOperations operations, PublicUrls urls, string stack_name, string stack_id, string? resource_name, string event_id)
    {
        var stack = StackLookup.Find(store, context, stack_name, stack_id);
        var view = await HeatView.LoadAsync(operations.Engine.State, stack, context.RequestAborted);
        var found = view.Events.FirstOrDefault(e => e.Id == event_id && (resource_name is null || e.ResourceName == resource_name))
            ?? throw ApiException.NotFound($"The Event ({event_id}) could not be found.", "EntityNotFound");
        return Results.Json(new JsonObject { ["event"] = HeatJson.Event(found, stack, HeatRequest.BaseOf(context, urls), detail: true) });
    }
}
