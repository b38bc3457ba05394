using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    private static readonly string[] ResourceKeys2013 = ["type", "properties", "metadata", "depends_on", "update_policy", "deletion_policy", "description"];
    private static readonly string[] ResourceKeys2016 = [.. ResourceKeys2013, "condition", "external_id"];

    private readonly List<ResourceDraft> _drafts = [];
    private Dictionary<string, ResourceDraft>? _draftIndex;
    private Dictionary<string, Parameter>? _parameterIndex;
    private HashSet<string>? _conditionNames;

    private HashSet<string> ConditionNames => _conditionNames ??= _conditions.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    private ResourceDraft? FindDraft(string name) =>
        (_draftIndex ??= _drafts.GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal)).GetValueOrDefault(name);

    private Parameter? FindParameter(string name) =>
        (_parameterIndex ??= _parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal)).GetValueOrDefault(name);

    /// <summary>A resource as read, before its dependencies are known.</summary>
    private sealed record ResourceDraft(string Name, string Type, string ResolvedType, string? BaseDirectory, MapExpression? Properties, Expression? Metadata,
        ImmutableArray<YamlScalar> DependsOn, Expression? UpdatePolicy, DeletionPolicy DeletionPolicy, Expression? Condition, Expression? ExternalId,
        string? Description, SourceSpan Span, SourceSpan TypeSpan)
    {
        public Model.Schemas.ResourceTypeSchema? Schema { get; set; }
    }

    private void ReadConditions(YamlNode? section)
    {
        if (!_version.HasConditions)
        {
            return;
        }

        foreach (var pair in Entries(section, "conditions"))
        {
            _conditions.Add(new ConditionDefinition(pair.Key.Text, ToExpression(pair.Value, inCondition: true), pair.Key.Span));
        }
    }

    private void ReadResources(YamlNode? section)
    {
        var keys = _version.HasConditions ? ResourceKeys2016 : ResourceKeys2013;
        foreach (var pair in Entries(section, "resources"))
        {
            var name = pair.Key.Text;
            if (pair.Value is not YamlMapping definition)
            {
                Error(HotMessages.WrongShape, $"resource '{name}' must be a mapping (type, properties, …)", pair.Value.Span);
                continue;
            }

            foreach (var key in definition.Pairs.Where(p => !keys.Contains(p.Key.Text)))
            {
                var hint = ResourceKeys2016.Contains(key.Key.Text)
                    ? $"'{key.Key.Text}' needs heat_template_version 2016-10-14 or later"
                    : Suggestions.DidYouMean(key.Key.Text, keys) ?? $"resource keys are {string.Join(", ", keys)}";
                Error(HotMessages.ResourceKey, $"resource '{name}' has an unknown key '{key.Key.Text}'", key.Key.Span, hint);
            }

            var typeNode = definition["type"];
            var type = typeNode is YamlScalar { Value: string t } ? t : null;
            if (type is null)
            {
                Error(HotMessages.MissingType, $"resource '{name}' has no type", typeNode?.Span ?? pair.Key.Span, "add e.g. `type: OS::Nova::Server`");
            }

            var (resolved, baseDirectory, _) = type is null ? (string.Empty, null, null) : _context.Environment.Resolve(type, name);
            var propertiesNode = definition["properties"];
            MapExpression? properties = null;
            if (propertiesNode is YamlMapping && ToExpression(propertiesNode) is var expression)
            {
                properties = expression as MapExpression;
                if (properties is null)
                {
                    Error(HotMessages.WrongShape, $"the properties of resource '{name}' must be a mapping of property names to values, not a function call", propertiesNode.Span,
                        "write the properties one by one: `properties: {name: {get_param: x}}`");
                }
            }
            else if (propertiesNode is not null and not YamlScalar { Value: null })
            {
                Error(HotMessages.WrongShape, $"the properties of resource '{name}' must be a mapping", propertiesNode.Span);
            }

            _drafts.Add(new ResourceDraft(
                name, type ?? string.Empty, resolved, baseDirectory, properties,
                definition["metadata"] is { } metadata ? ToExpression(metadata) : null,
                ReadDependsOn(name, definition["depends_on"]),
                definition["update_policy"] is { } updatePolicy ? ToExpression(updatePolicy) : null,
                ReadDeletionPolicy(name, definition["deletion_policy"]),
                definition["condition"] is { } condition && _version.HasConditions ? ToExpression(condition, inCondition: true) : null,
                definition["external_id"] is { } externalId && _version.HasConditions ? ToExpression(externalId) : null,
                Text(definition["description"]),
                pair.Key.Span,
                typeNode?.Span ?? pair.Key.Span));
        }
    }

    private ImmutableArray<YamlScalar> ReadDependsOn(string resource, YamlNode? node)
    {
        switch (node)
        {
            case null or YamlScalar { Value: null }:
                return [];
            case YamlScalar scalar:
                return [scalar];
            case YamlSequence list when list.Items.All(i => i is YamlScalar):
                return [.. list.Items.Cast<YamlScalar>()];
            default:
                Error(HotMessages.WrongShape, $"depends_on of resource '{resource}' must be a resource name or a list of names", node.Span);
                return [];
        }
    }

    private DeletionPolicy ReadDeletionPolicy(string resource, YamlNode? node)
    {
        if (node is null)
        {
            return DeletionPolicy.Delete;
        }

        var text = node is YamlScalar s ? s.Text : string.Empty;
        var lowercaseAllowed = _version.HasConditions;
        switch (text)
        {
            case "Delete":
            case "delete" when lowercaseAllowed:
                return DeletionPolicy.Delete;
            case "Retain":
            case "retain" when lowercaseAllowed:
                return DeletionPolicy.Retain;
            case "Snapshot":
            case "snapshot" when lowercaseAllowed:
                return DeletionPolicy.Snapshot;
            default:
                Error(HotMessages.DeletionPolicy, $"resource '{resource}' has an unknown deletion_policy '{text}'", node.Span,
                    lowercaseAllowed ? "use Delete, Retain or Snapshot" : "use Delete, Retain or Snapshot (lower case needs 2016-10-14 or later)");
                return DeletionPolicy.Delete;
        }
    }

    private void ReadOutputs(YamlNode? section)
    {
        string[] keys = _version.HasConditions ? ["value", "description", "condition"] : ["value", "description"];
        foreach (var pair in Entries(section, "outputs"))
        {
            if (pair.Value is not YamlMapping definition)
            {
                Error(HotMessages.OutputShape, $"output '{pair.Key.Text}' must be a mapping with a value", pair.Value.Span, "write `value: { get_attr: [resource, attribute] }` under the output's name");
                continue;
            }

            foreach (var key in definition.Pairs.Where(p => !keys.Contains(p.Key.Text)))
            {
                Error(HotMessages.OutputShape, $"output '{pair.Key.Text}' has an unknown key '{key.Key.Text}'", key.Key.Span,
                    key.Key.Text == "condition" ? "output conditions need heat_template_version 2016-10-14 or later" : Suggestions.DidYouMean(key.Key.Text, keys) ?? $"output keys are {string.Join(", ", keys)}");
            }

            var value = definition["value"];
            if (value is null)
            {
                Error(HotMessages.OutputShape, $"output '{pair.Key.Text}' has no value", pair.Key.Span, "add `value:` with what the output shows");
            }

            _outputs.Add(new Output(pair.Key.Text, value is null ? null : ToExpression(value),
                definition["condition"] is { } condition && _version.HasConditions ? ToExpression(condition, inCondition: true) : null,
                Text(definition["description"]), pair.Key.Span));
        }
    }
}
