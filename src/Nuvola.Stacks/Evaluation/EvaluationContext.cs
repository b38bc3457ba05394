using System.Text.Json;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;
using Nuvola.Stacks.Expansion;

namespace Nuvola.Stacks.Evaluation;

/// <summary>
/// One evaluation pass over the expanded stack: resource ids and attributes come from <paramref name="records"/>
/// (recorded state at plan time, applied resources at apply time); a resource in <paramref name="changing"/> with a
/// null set (created, replaced), or not recorded, or failed, is unknown; one with a set of property names (updated
/// in place) keeps its id, and the attributes of those names are unknown. Remembers which resources made a value unknown and whether a secret was read.
/// </summary>
internal sealed class EvaluationContext(Func<string, ResourceRecord?> records,
    IReadOnlyDictionary<string, IReadOnlySet<string>?> changing, StackGraph graph)
{
    private readonly Dictionary<(StackScope, string), object?> _conditions = [];
    private readonly Dictionary<StackScope, (Dictionary<string, object?> Values, List<string> Unknowns, bool Secret)> _parameters = [];
    private readonly HashSet<(StackScope, string)> _evaluating = [];

    public StackGraph Graph { get; } = graph;

    /// <summary>Resources that made something unknown since the last <see cref="Reset"/>.</summary>
    public List<string> Unknowns { get; } = [];

    public bool SawSecret { get; private set; }

    public List<Diagnostic> Diagnostics { get; } = [];

    public void Reset()
    {
        Unknowns.Clear();
        SawSecret = false;
    }

    public object? Evaluate(Expression expression, StackScope scope)
    {
        var evaluator = new ExpressionEvaluator(new ScopeResolver(this, scope));
        var value = evaluator.Evaluate(expression);
        Diagnostics.AddRange(evaluator.Diagnostics);
        return value;
    }

    public object? EvaluateCondition(Expression expression, StackScope scope)
    {
        var evaluator = new ExpressionEvaluator(new ScopeResolver(this, scope));
        var value = evaluator.EvaluateCondition(expression);
        Diagnostics.AddRange(evaluator.Diagnostics);
        return value;
    }

    public object? Condition(StackScope scope, string name)
    {
        if (_conditions.TryGetValue((scope, name), out var known))
        {
            return known;
        }

        var definition = scope.Topology.Conditions.FirstOrDefault(c => c.Name == name);
        if (definition is null || !_evaluating.Add((scope, name)))
        {
            return UnknownValue.Instance;
        }

        var value = EvaluateCondition(definition.Definition, scope);
        _evaluating.Remove((scope, name));
        return _conditions[(scope, name)] = value;
    }

    public bool TryGetParameter(StackScope scope, string name, out object? value)
    {
        var parameter = scope.Topology.FindParameter(name);
        value = null;
        if (parameter is null)
        {
            return false;
        }

        if (parameter.Hidden)
        {
            SawSecret = true;
        }

        if (scope.Owner is null)
        {
            if (!parameter.TryGetEffectiveValue(out value))
            {
                value = UnknownValue.Instance;
            }

            return true;
        }

        if (!_parameters.TryGetValue(scope, out var cached))
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            var before = Unknowns.Count;
            var secret = SawSecret;
            var owner = scope.Owner;
            foreach (var entry in owner.Properties?.Entries ?? [])
            {
                values[entry.Key] = Evaluate(entry.Value, owner.Scope);
            }

            cached = (values, Unknowns.Skip(before).ToList(), SawSecret && !secret);
            _parameters[scope] = cached;
        }

        Unknowns.AddRange(cached.Unknowns);
        SawSecret |= cached.Secret;
        var values2 = cached.Values;

        value = values2.TryGetValue(name, out var given) && given is not null ? Convert(parameter, given)
            : parameter.HasDefault ? parameter.Default : null;
        return true;
    }

    private static object? Convert(Parameter parameter, object? value) => (parameter.Type, value) switch
    {
        (ParameterType.CommaDelimitedList, string s) => s.Length == 0 ? new List<object?>()
            : s.Split(',').Select(x => (object?)x.Trim()).ToList(),
        (ParameterType.Number, string s) when long.TryParse(s, out var l) => l,
        (ParameterType.Number, string s) when double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        (ParameterType.Boolean, string s) when bool.TryParse(s, out var b) => b,
        _ => value,
    };

    /// <summary>The physical id of a resource (get_resource), null when the resource is absent (condition false).</summary>
    public object? ResourceId(string full)
    {
        if (!Graph.Nodes.ContainsKey(full) && Graph.Absent.Contains(full))
        {
            return null;
        }

        var record = Usable(full, null, id: true);
        return record is null ? Unknown(full) : record.PhysicalId;
    }

    /// <summary>An attribute (get_attr); null <paramref name="attribute"/>: every attribute as a map.</summary>
    public object? Attribute(string full, string? attribute)
    {
        if (!Graph.Nodes.TryGetValue(full, out var node))
        {
            return Graph.Absent.Contains(full) ? null : FromRecord(full, attribute);
        }

        return node.Kind switch
        {
            NodeKind.Group => AggregateAttributes.OfGroup(this, node, attribute),
            NodeKind.Nested => AggregateAttributes.OfNested(this, node, attribute),
            _ => FromRecord(full, attribute),
        };
    }

    private object? FromRecord(string full, string? attribute)
    {
        var record = Usable(full, attribute, id: false);
        if (record is null)
        {
            return Unknown(full);
        }

        if (record.SecretKeys.Length > 0 && (attribute is null || record.SecretKeys.Contains(attribute)))
        {
            SawSecret = true;
        }

        if (attribute is null)
        {
            return Values.FromJson(record.Attributes);
        }

        return record.Attributes.ValueKind == JsonValueKind.Object && record.Attributes.TryGetProperty(attribute, out var v)
            ? Values.FromJson(v)
            : null;
    }

    private ResourceRecord? Usable(string full, string? attribute, bool id)
    {
        if (changing.TryGetValue(full, out var changed) &&
            (changed is null || (!id && (attribute is null || changed.Contains(attribute)))))
        {
            return null;
        }

        var record = records(full);
        return record is { PhysicalId: not null, Status: ResourceStatus.Ready } ? record : null;
    }

    public UnknownValue Unknown(string full)
    {
        Unknowns.Add(full);
        return UnknownValue.Instance;
    }

    public static bool ContainsUnknown(object? value) => value switch
    {
        UnknownValue => true,
        IReadOnlyList<object?> list => list.Any(ContainsUnknown),
        IReadOnlyDictionary<string, object?> map => map.Values.Any(ContainsUnknown),
        _ => false,
    };

    /// <summary>No resource changing (apply time, outputs).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>?> Nothing { get; } =
        new Dictionary<string, IReadOnlySet<string>?>();
}

/// <summary>The expression resolver of one scope: parameters, conditions and resources by their full names.</summary>
internal sealed class ScopeResolver(EvaluationContext context, StackScope scope) : IExpressionResolver
{
    public bool TryGetParameter(string name, out object? value) => context.TryGetParameter(scope, name, out value);

    public object? GetResourceId(string resource) => context.ResourceId(scope.FullName(resource));

    public object? GetAttribute(string resource, string? attribute) => context.Attribute(scope.FullName(resource), attribute);

    public object? GetCondition(string name) => context.Condition(scope, name);

    public object? GetResourceFacade(string kind)
    {
        if (scope.Owner is not { } owner || owner.Scope is not { } outer)
        {
            return kind == "deletion_policy" ? "Delete" : null;
        }

        return kind switch
        {
            "metadata" => owner.Source.Metadata is { } m ? context.Evaluate(m, outer) : new Dictionary<string, object?>(),
            "update_policy" => owner.Source.UpdatePolicy is { } u ? context.Evaluate(u, outer) : new Dictionary<string, object?>(),
            _ => owner.Source.DeletionPolicy.ToString(),
        };
    }

    public object? GetFile(string path) => context.Graph.Files.TryGetValue(path, out var text) ? text : null;
}
