using Nuvola.Engine.Clouds;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;
using Nuvola.Stacks.Evaluation;
using Nuvola.Templates;
using Nuvola.Templates.Hot;

namespace Nuvola.Stacks.Expansion;

/// <summary>
/// Topology → <see cref="StackGraph"/>: conditions applied (false: absent), groups expanded into members
/// <c>group.0</c>, <c>group.1</c> … (%index% substituted), nested stacks into <c>stack.child</c>, each followed by
/// its aggregate node. Members inherit the dependencies of the resource they come from.
/// </summary>
internal sealed class Expander
{
    public const string ResourceGroup = "OS::Heat::ResourceGroup";
    public const string AutoScalingGroup = "OS::Heat::AutoScalingGroup";
    public const string HeatStack = "OS::Heat::Stack";

    private readonly StackGraph _graph;
    private readonly EvaluationContext _context;
    private readonly Func<string, long?> _capacity;
    private readonly Func<string, string, string> _resolveType;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Func<string, string?> _checkCloud;
    private int _depth;

    private Expander(StackGraph graph, Func<string, ResourceRecord?> records, Func<string, long?> capacity,
        Func<string, string, string> resolveType, List<Diagnostic> diagnostics, Func<string, string?> checkCloud)
    {
        _checkCloud = checkCloud;
        _resolveType = resolveType;
        _graph = graph;
        _context = new EvaluationContext(records, EvaluationContext.Nothing, graph);
        _capacity = capacity;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Expands <paramref name="topology"/>; counts and conditions are evaluated against recorded state. The root's
    /// resources live in <paramref name="cloud"/>; <paramref name="checkCloud"/> says why a cloud named in an
    /// OS::Heat::Stack context cannot be used (null: it can).
    /// </summary>
    public static StackGraph Expand(TemplateTopology topology, IReadOnlyDictionary<string, string> files, bool filesOnly,
        Func<string, ResourceRecord?> records, Func<string, long?> capacity, Func<string, string, string> resolveType,
        List<Diagnostic> diagnostics, string? cloud = null, Func<string, string?>? checkCloud = null)
    {
        var graph = new StackGraph(topology, files, filesOnly, cloud);
        var expander = new Expander(graph, records, capacity, resolveType, diagnostics, checkCloud ?? (_ => null));
        expander.ExpandScope(graph.Root, []);
        diagnostics.AddRange(expander._context.Diagnostics);
        return graph;
    }

    private List<string> ExpandScope(StackScope scope, IReadOnlyList<string> inherited)
    {
        var included = new List<Resource>();
        foreach (var resource in scope.Topology.Resources)
        {
            var full = scope.FullName(resource.Name);
            if (resource.Condition is { } condition)
            {
                var value = _context.EvaluateCondition(condition, scope);
                if (value is UnknownValue)
                {
                    Error($"the condition of resource '{full}' cannot be decided before apply", resource.Span);
                }

                if (value is not true)
                {
                    _graph.Absent.Add(full);
                    continue;
                }
            }

            included.Add(resource);
        }

        var names = new List<string>();
        foreach (var resource in included)
        {
            var deps = resource.Dependencies.Select(scope.FullName).Where(d => !_graph.Absent.Contains(d))
                .Concat(inherited).Distinct(StringComparer.Ordinal).ToList();
            var node = ExpandResource(scope, resource, scope.FullName(resource.Name), resource.ResolvedType,
                resource.Properties, deps, null);
            if (node is not null)
            {
                names.Add(node.Name);
            }
        }

        return names;
    }

    private StackNode? ExpandResource(StackScope scope, Resource source, string full, string type,
        MapExpression? properties, List<string> deps, string? index)
    {
        if (type is ResourceGroup or AutoScalingGroup)
        {
            return ExpandGroup(scope, source, full, type, properties, deps, index);
        }

        if (type == HeatStack)
        {
            return ExpandHeatStack(scope, source, full, properties, deps, index);
        }

        if (InternalTypes.IsTemplateReference(type))
        {
            if (!scope.Topology.NestedTemplates.TryGetValue(type, out var nested))
            {
                Error($"the nested template '{type}' of resource '{full}' was not loaded", source.Span);
                return null;
            }

            return ExpandNested(scope, source, full, type, nested, properties, deps, index);
        }

        var node = new StackNode(full, type, NodeKind.Resource, scope, source) { Properties = properties, Index = index };
        node.DependsOn.AddRange(deps);
        _graph.Add(node);
        return node;
    }

    private StackNode? ExpandNested(StackScope scope, Resource source, string full, string type,
        TemplateTopology nested, MapExpression? parameters, List<string> deps, string? index, string? cloud = null)
    {
        if (_depth >= 10)
        {
            Error($"nested stacks go deeper than 10 levels at '{full}'", source.Span);
            return null;
        }

        var node = new StackNode(full, type, NodeKind.Nested, scope, source) { Properties = parameters, Index = index };
        node.Inner = new StackScope(nested, full + ".", scope, node, cloud ?? scope.Cloud);
        _depth++;
        var inner = ExpandScope(node.Inner, deps);
        _depth--;
        node.Members.AddRange(inner);
        node.DependsOn.AddRange(inner.Count > 0 ? inner : deps);
        _graph.Add(node);
        return node;
    }

    private StackNode? ExpandHeatStack(StackScope scope, Resource source, string full, MapExpression? properties,
        List<string> deps, string? index)
    {
        var template = properties?["template"] is { } t ? _context.Evaluate(t, scope) : null;
        if (template is not string text)
        {
            Error($"the template of OS::Heat::Stack '{full}' must be known before apply (a string, e.g. get_file)",
                source.Span);
            return null;
        }

        var result = HotTemplates.Parse(text, full + ".yaml", new TemplateOptions { Files = _graph.Files, FilesOnly = _graph.FilesOnly });
        _diagnostics.AddRange(result.Diagnostics);
        if (result.Topology is null || result.HasErrors)
        {
            return null;
        }

        if (!TryContextCloud(scope, properties, full, out var cloud))
        {
            return null;
        }

        return ExpandNested(scope, source, full, HeatStack, result.Topology, properties?["parameters"] as MapExpression,
            deps, index, cloud);
    }

    // Heat's context: {region_name: R} is region R of the scope's cloud; Nuvola's cloud: NAME (with or without
    // region_name) is another configured cloud. Both must be known at plan time.
    private bool TryContextCloud(StackScope scope, MapExpression? properties, string full, out string? cloud)
    {
        cloud = null;
        if (properties?["context"] is not { } expression || _context.Evaluate(expression, scope) is not { } context)
        {
            return true;
        }

        if (context is not IReadOnlyDictionary<string, object?> map)
        {
            Error($"the context of OS::Heat::Stack '{full}' must be a map known before apply (region_name, cloud)",
                expression.Span);
            return false;
        }

        var ok = true;
        string? Text(string key)
        {
            switch (map.GetValueOrDefault(key))
            {
                case null:
                    return null;
                case string { Length: > 0 } s:
                    return s;
                default:
                    Error($"context.{key} of OS::Heat::Stack '{full}' must be a non-empty string known before apply",
                        Span(key));
                    ok = false;
                    return null;
            }
        }

        SourceSpan Span(string key) => (expression as MapExpression)?[key]?.Span ?? expression.Span;
        var name = Text("cloud");
        var region = Text("region_name");
        if (name is not null && _checkCloud(name) is { } why)
        {
            Error($"OS::Heat::Stack '{full}' deploys on cloud '{name}' (context.cloud), which cannot be used: {why}",
                Span("cloud"), "name a cloud of clouds.yaml (nuvola clouds lists them) or embedded",
                Loading.StackCodes.UnknownCloud);
            return false;
        }

        var parent = scope.Cloud is null ? null : CloudTarget.Parse(scope.Cloud);
        cloud = name is not null ? new CloudTarget(name, region).Key
            : region is not null && parent is not null ? parent.InRegion(region).Key
            : null;
        return ok;
    }

    private StackNode? ExpandGroup(StackScope scope, Resource source, string full, string type,
        MapExpression? properties, List<string> deps, string? index)
    {
        var isAsg = type == AutoScalingGroup;
        var definition = properties?[isAsg ? "resource" : "resource_def"] as MapExpression;
        if (definition?["type"] is not LiteralExpression { Value: string memberType })
        {
            Error($"the {(isAsg ? "resource" : "resource_def")} of '{full}' needs a literal type", source.Span);
            return null;
        }

        var group = new StackNode(full, type, NodeKind.Group, scope, source) { Index = index };
        long count;
        if (isAsg)
        {
            group.MinSize = Number(properties, "min_size", scope, full) ?? 0;
            group.MaxSize = Number(properties, "max_size", scope, full);
            count = _capacity(full) ?? Number(properties, "desired_capacity", scope, full) ?? group.MinSize.Value;
            count = Math.Max(count, group.MinSize.Value);
            count = group.MaxSize is { } max ? Math.Min(count, max) : count;
        }
        else
        {
            count = Number(properties, "count", scope, full) ?? 1;
        }

        group.Count = Math.Max(0, count);
        var indexVar = !isAsg && properties?["index_var"] is { } iv && _context.Evaluate(iv, scope) is string s ? s : "%index%";
        var removed = isAsg ? [] : Removed(properties, scope);
        var memberDefinition = definition["properties"] as MapExpression;
        var resolved = _resolveType(memberType, source.Name);
        memberType = resolved != memberType && (scope.Topology.NestedTemplates.ContainsKey(resolved) ||
            !InternalTypes.IsTemplateReference(resolved)) ? resolved : memberType;
        for (var i = 0; group.Members.Count < group.Count && i < group.Count + removed.Count + 1; i++)
        {
            var key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (removed.Contains(key) || removed.Contains($"{full}.{key}"))
            {
                continue;
            }

            var props = memberDefinition is null ? null
                : isAsg ? memberDefinition : (MapExpression)Substitute(memberDefinition, indexVar, key);
            var member = ExpandResource(scope, source, $"{full}.{key}", memberType, props, deps, key);
            if (member is not null)
            {
                group.Members.Add(member.Name);
            }
        }

        group.DependsOn.AddRange(group.Members.Count > 0 ? group.Members : deps);
        _graph.Add(group);
        return group;
    }

    private HashSet<string> Removed(MapExpression? properties, StackScope scope)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (properties?["removal_policies"] is { } rp && _context.Evaluate(rp, scope) is IReadOnlyList<object?> policies)
        {
            foreach (var policy in policies.OfType<IReadOnlyDictionary<string, object?>>())
            {
                if (policy.TryGetValue("resource_list", out var list) && list is IReadOnlyList<object?> items)
                {
                    result.UnionWith(items.Select(Values.ToText));
                }
            }
        }

        return result;
    }

    private long? Number(MapExpression? properties, string name, StackScope scope, string full)
    {
        if (properties?[name] is not { } expression)
        {
            return null;
        }

        var value = _context.Evaluate(expression, scope);
        switch (value)
        {
            case long l:
                return l;
            case double d:
                return (long)d;
            case string text when long.TryParse(text, out var parsed):
                return parsed;
            case UnknownValue:
                Error($"the {name} of '{full}' must be known at plan time, but it depends on a resource not yet created",
                    expression.Span, "use a parameter or a value known before deploy");
                return null;
            default:
                Error($"the {name} of '{full}' must be a number, not {Values.TypeName(value)}", expression.Span);
                return null;
        }
    }

    // %index% replaced in every string (and map key) of a member's definition.
    private static Expression Substitute(Expression expression, string variable, string index) => expression switch
    {
        LiteralExpression { Value: string s } l when s.Contains(variable, StringComparison.Ordinal) =>
            l with { Value = s.Replace(variable, index, StringComparison.Ordinal) },
        ListExpression list => list with { Items = [.. list.Items.Select(i => Substitute(i, variable, index))] },
        MapExpression map => map with
        {
            Entries = [.. map.Entries.Select(e => e with
            {
                Key = e.Key.Replace(variable, index, StringComparison.Ordinal),
                Value = Substitute(e.Value, variable, index),
            })],
        },
        FunctionExpression f => f with { Argument = Substitute(f.Argument, variable, index) },
        _ => expression,
    };

    private void Error(string message, SourceSpan? span, string? hint = null, string? code = null) =>
        _diagnostics.Add(new Diagnostic(Severity.Error, code ?? Loading.StackCodes.NotKnownAtPlan, message, span, hint));
}
