using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.Planning;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Schemas;
using Nuvola.Model.Topology;
using Nuvola.Stacks.Expansion;

namespace Nuvola.Stacks.Evaluation;

/// <summary>
/// Nodes → the engine's desired resources. A property that depends on something not known until apply becomes a
/// <see cref="KnownAfterApply"/> marker: exact (resource, attribute, path) for a plain get_resource/get_attr, else
/// a marker on the first resource that made it unknown (the planner shows "known after apply").
/// </summary>
internal static class DesiredBuilder
{
    private const string Composite = "(expression)";

    public static List<DesiredResource> Build(StackGraph graph, EvaluationContext context) =>
        [.. graph.Order.Select(node =>
        {
            var (properties, secrets) = Properties(node, context);
            return new DesiredResource(node.Name, node.Type, properties,
                [.. node.DependsOn.Distinct(StringComparer.Ordinal)], secrets, node.Scope.Cloud);
        })];

    /// <summary>The node's properties as far as known, and the names of those to keep secret.</summary>
    public static (JsonElement Properties, ImmutableArray<string> Secrets) Properties(StackNode node,
        EvaluationContext context)
    {
        if (node.Kind == NodeKind.Group)
        {
            var group = new JsonObject
            {
                ["members"] = new JsonArray([.. node.Members.Select(m => (JsonNode?)JsonValue.Create(m))]),
                ["count"] = node.Count,
            };
            if (node.MinSize is { } min)
            {
                group["min_size"] = min;
            }

            if (node.MaxSize is { } max)
            {
                group["max_size"] = max;
            }

            return (JsonSerializer.SerializeToElement(group), []);
        }

        if (node.Kind == NodeKind.Nested)
        {
            var nested = new JsonObject
            {
                ["resources"] = new JsonArray([.. node.Members.Select(m => (JsonNode?)JsonValue.Create(m))]),
            };
            return (JsonSerializer.SerializeToElement(nested), []);
        }

        var schema = ResourceTypeCatalog.Find(node.Type);
        var result = new JsonObject();
        var secrets = ImmutableArray.CreateBuilder<string>();
        foreach (var entry in node.Properties?.Entries ?? [])
        {
            context.Reset();
            var value = context.Evaluate(entry.Value, node.Scope);
            var secret = context.SawSecret || schema?.FindProperty(entry.Key)?.IsSecret == true;
            if (value is null)
            {
                continue;
            }

            result[entry.Key] = EvaluationContext.ContainsUnknown(value)
                ? Marker(entry.Value, node.Scope, context)
                : ToNode(value);
            if (secret)
            {
                secrets.Add(entry.Key);
            }
        }

        return (JsonSerializer.SerializeToElement(result), secrets.ToImmutable());
    }

    private static JsonNode? Marker(Expression expression, StackScope scope, EvaluationContext context)
    {
        switch (expression)
        {
            case ListExpression list:
                return new JsonArray([.. list.Items.Select(i => Part(i, scope, context))]);
            case MapExpression map:
                return new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key, Part(e.Value, scope, context))));
            case FunctionExpression { Name: "get_resource", Argument: LiteralExpression { Value: string resource } }
                when IsPlain(scope.FullName(resource), context):
                return Node(KnownAfterApply.Marker(scope.FullName(resource)));
            case FunctionExpression { Name: "get_attr", Argument: ListExpression { Items.Length: >= 2 } args }
                when args.Items.All(a => a is LiteralExpression { Value: string or long })
                    && args.Items[0] is LiteralExpression { Value: string target } && IsPlain(scope.FullName(target), context):
                return Node(KnownAfterApply.Marker(scope.FullName(target),
                    [.. args.Items.Skip(1).Select(a => Values.ToText(((LiteralExpression)a).Value))]));
            default:
                context.Reset();
                context.Evaluate(expression, scope);
                return Node(KnownAfterApply.Marker(context.Unknowns.FirstOrDefault() ?? "unknown", Composite));
        }
    }

    private static JsonNode? Part(Expression expression, StackScope scope, EvaluationContext context)
    {
        context.Reset();
        var value = context.Evaluate(expression, scope);
        return EvaluationContext.ContainsUnknown(value) ? Marker(expression, scope, context) : ToNode(value);
    }

    private static bool IsPlain(string full, EvaluationContext context) =>
        context.Graph.Nodes.TryGetValue(full, out var node) && node.Kind == NodeKind.Resource;

    private static JsonNode? Node(JsonElement element) => JsonNode.Parse(element.GetRawText());

    public static JsonNode? ToNode(object? value) => JsonNode.Parse(Values.ToJson(value));

    public static JsonElement ToElement(object? value) => JsonDocument.Parse(Values.ToJson(value)).RootElement.Clone();
}
