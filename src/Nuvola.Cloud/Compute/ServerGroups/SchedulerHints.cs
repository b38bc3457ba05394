using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Compute.Servers;

namespace Nuvola.Cloud.Compute.ServerGroups;

/// <summary>
/// The scheduler hints of POST /servers (os:scheduler_hints or OS-SCH-HNT:scheduler_hints, beside the server object).
/// Only "group" changes anything on this cloud of one host; the other hints are accepted as Nova accepts them.
/// </summary>
public static class SchedulerHints
{
    /// <summary>The server group id of the "group" hint (a uuid, or a list of one), null when not given.</summary>
    public static string? Group(JsonObject body)
    {
        var key = body.ContainsKey("os:scheduler_hints") ? "os:scheduler_hints" : "OS-SCH-HNT:scheduler_hints";
        if (!body.TryGetPropertyValue(key, out var hintsNode) || hintsNode is null)
        {
            return null;
        }

        if (hintsNode is not JsonObject hints)
        {
            throw NovaInput.Invalid(key, hintsNode, $"{NovaInput.Show(hintsNode)} is not of type 'object'");
        }

        var group = hints["group"];
        if (group is null)
        {
            return null;
        }

        var id = group switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonArray { Count: > 0 } list when list.All(i => i is JsonValue v && v.TryGetValue<string>(out var t) && ServerInput.IsUuid(t)) => list[0]!.GetValue<string>(),
            _ => null,
        };
        return id is not null && ServerInput.IsUuid(id)
            ? id
            : throw NovaInput.Invalid("group", group, $"{NovaInput.Show(group)} is not valid under any of the given schemas");
    }
}
