using System.Text.Json;
using Nuvola.Engine.Applying;
using Nuvola.Stacks.Deployments;
using Nuvola.Stacks.Expansion;
using Nuvola.Stacks.Internal;

namespace Nuvola.Stacks.Evaluation;

/// <summary>
/// A software deployment names its config by id; the store knows the configs made by this process. Before a
/// deployment runs, a config of the stack that the store does not know (made by an earlier run: the CLI's store lives
/// for one run) is put back from its recorded properties and attributes.
/// </summary>
internal static class DeploymentConfigs
{
    public static void Recall(string type, JsonElement properties, StackGraph graph, IAppliedResources applied,
        SoftwareDeploymentStore store, Func<string, string?>? projectOf)
    {
        if (!DeploymentResources.IsDeployment(type) || properties.ValueKind != JsonValueKind.Object ||
            !properties.TryGetProperty("config", out var c) || c.ValueKind != JsonValueKind.String ||
            c.GetString() is not { } id || store.FindConfig(id) is not null)
        {
            return;
        }

        foreach (var node in graph.Order.Where(n => DeploymentResources.IsConfig(n.Type)))
        {
            if (applied.Get(node.Name) is not { PhysicalId: { } physical } record || physical != id)
            {
                continue;
            }

            JsonElement? Part(JsonElement e, string name) =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.Clone() : null;
            store.PutConfig(new SoftwareConfigRecord
            {
                Id = id,
                Name = $"{applied.Stack}-{node.Name}",
                Group = Part(record.Properties, "group") is { ValueKind: JsonValueKind.String } g ? g.GetString()! : "Heat::Ungrouped",
                Config = Part(record.Attributes, "config"),
                Inputs = Part(record.Properties, "inputs"),
                Outputs = Part(record.Properties, "outputs"),
                Options = Part(record.Properties, "options"),
                Project = projectOf?.Invoke(applied.Stack),
                CreationTime = DateTimeOffset.UtcNow,
            });
            return;
        }
    }
}
