using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    private static readonly string[] ParameterKeys = ["type", "label", "description", "default", "hidden", "constraints", "immutable", "tags"];
    private static readonly string[] ConstraintKeys = ["length", "range", "modulo", "allowed_values", "allowed_pattern", "custom_constraint"];

    /// <summary>Names get_param accepts without a declaration.</summary>
    private static readonly string[] PseudoParameters = ["OS::stack_name", "OS::stack_id", "OS::project_id"];

    private void ReadParameters(YamlNode? section)
    {
        foreach (var pair in Entries(section, "parameters"))
        {
            if (pair.Value is not YamlMapping definition)
            {
                Error(HotMessages.WrongShape, $"parameter '{pair.Key.Text}' must be a mapping (type, description, default, constraints, …)", pair.Value.Span, "write e.g. `type: string` under the parameter's name");
                continue;
            }

            foreach (var key in definition.Pairs.Where(p => !ParameterKeys.Contains(p.Key.Text)))
            {
                Error(HotMessages.ParameterKey, $"parameter '{pair.Key.Text}' has an unknown key '{key.Key.Text}'", key.Key.Span, Suggestions.DidYouMean(key.Key.Text, ParameterKeys) ?? $"keys are {string.Join(", ", ParameterKeys)}");
            }

            var type = ParameterType.String;
            var typeNode = definition.Pair("type");
            if (typeNode is null)
            {
                Error(HotMessages.ParameterType, $"parameter '{pair.Key.Text}' has no type", pair.Key.Span, "add `type: string` (or number, json, comma_delimited_list, boolean)");
            }
            else if (ParameterTypes.Parse(typeNode.Value is YamlScalar t ? t.Text : string.Empty) is { } parsed)
            {
                type = parsed;
            }
            else
            {
                var text = typeNode.Value is YamlScalar s ? s.Text : "(not a name)";
                Error(HotMessages.ParameterType, $"parameter '{pair.Key.Text}' has an unknown type '{text}'", typeNode.Value.Span, Suggestions.DidYouMean(text, ParameterTypes.Names) ?? $"types are {string.Join(", ", ParameterTypes.Names)}");
            }

            var constraints = ReadConstraints(pair.Key.Text, type, definition["constraints"]);
            object? defaultValue = null;
            var defaultNode = definition["default"];
            if (defaultNode is not null && !(defaultNode is YamlScalar { Value: null }))
            {
                if (ParameterTypes.TryConvert(HotCompiler.RawValue(defaultNode), type, out defaultValue, out var problem))
                {
                    CheckConstraints(pair.Key.Text, constraints, defaultValue, defaultNode.Span, "default");
                }
                else
                {
                    Error(HotMessages.ParameterValue, $"the default of parameter '{pair.Key.Text}' is not a valid {ParameterTypes.Name(type)}: {problem}", defaultNode.Span);
                }
            }

            _parameters.Add(new Parameter(
                pair.Key.Text, type, defaultValue, defaultNode is not null && !(defaultNode is YamlScalar { Value: null }),
                Text(definition["label"]), Text(definition["description"]),
                definition["hidden"] is YamlScalar { Value: true } || definition["hidden"] is YamlScalar { Value: "true" },
                definition["immutable"] is YamlScalar { Value: true },
                constraints, pair.Key.Span));
        }
    }

    private static string? Text(YamlNode? node) => node is YamlScalar { Value: { } value } ? Model.Evaluation.Values.ToText(value) : null;

    private ImmutableArray<ParameterConstraint> ReadConstraints(string parameter, ParameterType type, YamlNode? node)
    {
        if (node is null or YamlScalar { Value: null })
        {
            return [];
        }

        if (node is not YamlSequence list)
        {
            Error(HotMessages.ConstraintShape, $"constraints of parameter '{parameter}' must be a list", node.Span, "write each constraint as a list item: `- length: {min: 1}`");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ParameterConstraint>();
        foreach (var item in list.Items)
        {
            if (item is not YamlMapping map)
            {
                Error(HotMessages.ConstraintShape, $"a constraint of parameter '{parameter}' must be a mapping", item.Span);
                continue;
            }

            var description = Text(map["description"]);
            var kinds = map.Pairs.Where(p => p.Key.Text != "description").ToList();
            if (kinds.Count != 1 || !ConstraintKeys.Contains(kinds[0].Key.Text))
            {
                var bad = kinds.FirstOrDefault(k => !ConstraintKeys.Contains(k.Key.Text));
                Error(HotMessages.ConstraintShape, bad is null ? $"a constraint of parameter '{parameter}' must have exactly one kind" : $"unknown constraint '{bad.Key.Text}' on parameter '{parameter}'",
                    bad?.Key.Span ?? map.Span, bad is null ? null : Suggestions.DidYouMean(bad.Key.Text, ConstraintKeys) ?? $"constraints are {string.Join(", ", ConstraintKeys)}");
                continue;
            }

            if (ReadConstraint(parameter, type, kinds[0], description) is { } constraint)
            {
                result.Add(constraint);
            }
        }

        return result.ToImmutable();
    }

    private ParameterConstraint? ReadConstraint(string parameter, ParameterType type, YamlPair pair, string? description)
    {
        var span = pair.Key.Span;
        var value = RawValue(pair.Value);
        switch (pair.Key.Text)
        {
            case "length" or "range" or "modulo":
                var kind = pair.Key.Text switch { "length" => ConstraintKind.Length, "range" => ConstraintKind.Range, _ => ConstraintKind.Modulo };
                var allowedTypes = kind == ConstraintKind.Length ? new[] { ParameterType.String, ParameterType.CommaDelimitedList, ParameterType.Json } : [ParameterType.Number];
                if (!allowedTypes.Contains(type))
                {
                    Error(HotMessages.ConstraintShape, $"a {pair.Key.Text} constraint does not apply to parameter '{parameter}' of type {ParameterTypes.Name(type)}", span);
                    return null;
                }

                if (kind == ConstraintKind.Modulo && !_version.AllowsModulo)
                {
                    Error(HotMessages.ConstraintShape, $"the modulo constraint needs heat_template_version 2017-02-24 or later (this template is {_version.Date})", span);
                    return null;
                }

                var keys = kind == ConstraintKind.Modulo ? new[] { "step", "offset" } : ["min", "max"];
                if (value is not IReadOnlyDictionary<string, object?> bounds || bounds.Count == 0 || bounds.Keys.Any(k => !keys.Contains(k))
                    || bounds.Values.Any(v => !Model.Evaluation.Values.TryNumber(v, out _) || v is string))
                {
                    Error(HotMessages.ConstraintShape, $"the {pair.Key.Text} constraint of parameter '{parameter}' must be a mapping of {string.Join(" and/or ", keys)} to numbers", pair.Value.Span);
                    return null;
                }

                double? Number(string key) => bounds.TryGetValue(key, out var v) && Model.Evaluation.Values.TryNumber(v, out var n) ? n : null;
                if (kind == ConstraintKind.Modulo && (Number("step") is not { } step || step == 0 || Number("offset") is null))
                {
                    Error(HotMessages.ConstraintShape, $"the modulo constraint of parameter '{parameter}' needs a non-zero step and an offset", pair.Value.Span);
                    return null;
                }

                if (Number("min") is { } min && Number("max") is { } max && min > max)
                {
                    Error(HotMessages.ConstraintShape, $"the {pair.Key.Text} constraint of parameter '{parameter}' has min {min} above max {max}", pair.Value.Span);
                    return null;
                }

                return new ParameterConstraint(kind, description, span) { Min = Number("min"), Max = Number("max"), Step = Number("step"), Offset = Number("offset") };
            case "allowed_values":
                if (value is not IReadOnlyList<object?> values)
                {
                    Error(HotMessages.ConstraintShape, $"allowed_values of parameter '{parameter}' must be a list", pair.Value.Span);
                    return null;
                }

                return new ParameterConstraint(ConstraintKind.AllowedValues, description, span) { Values = [.. values] };
            case "allowed_pattern":
                if (value is not string pattern || !ParameterChecks.IsValidPattern(pattern))
                {
                    Error(HotMessages.ConstraintShape, $"allowed_pattern of parameter '{parameter}' must be a valid regular expression", pair.Value.Span);
                    return null;
                }

                if (type != ParameterType.String)
                {
                    Error(HotMessages.ConstraintShape, $"allowed_pattern does not apply to parameter '{parameter}' of type {ParameterTypes.Name(type)}", span);
                    return null;
                }

                return new ParameterConstraint(ConstraintKind.AllowedPattern, description, span) { Pattern = pattern };
            default:
                if (value is not string name || name.Length == 0)
                {
                    Error(HotMessages.ConstraintShape, $"custom_constraint of parameter '{parameter}' must be a constraint name (e.g. nova.flavor)", pair.Value.Span);
                    return null;
                }

                if (!CustomConstraints.Known.Contains(name))
                {
                    Warn(HotMessages.UnknownCustomConstraint, $"unknown custom constraint '{name}' on parameter '{parameter}'; it will not be checked", pair.Value.Span,
                        Suggestions.DidYouMean(name, CustomConstraints.Known));
                }

                return new ParameterConstraint(ConstraintKind.Custom, description, span) { CustomName = name };
        }
    }

    private void CheckConstraints(string parameter, ImmutableArray<ParameterConstraint> constraints, object? value, SourceSpan at, string what)
    {
        foreach (var constraint in constraints)
        {
            if (ParameterChecks.Violation(constraint, value) is { } problem)
            {
                Error(HotMessages.ConstraintViolated, $"the {what} of parameter '{parameter}' ({Model.Evaluation.Values.ToText(value)}) {problem}", at, constraint.Description);
            }
        }
    }

    private void ApplyValues(IReadOnlyList<SuppliedValue> values, bool requireValues)
    {
        var effective = values.Where((v, i) => values.Skip(i + 1).All(later => later.Name != v.Name));
        foreach (var supplied in effective)
        {
            var index = _parameters.FindIndex(p => p.Name == supplied.Name);
            if (index < 0)
            {
                if (supplied.Strict && !PseudoParameters.Contains(supplied.Name))
                {
                    Error(HotMessages.EnvironmentParameter, $"a value is given for parameter '{supplied.Name}', which the template does not declare", supplied.Span,
                        Suggestions.DidYouMean(supplied.Name, _parameters.Select(p => p.Name)) ?? "declare it under the template's parameters:, or move it to parameter_defaults");
                }

                continue;
            }

            var parameter = _parameters[index];
            if (!ParameterTypes.TryConvert(supplied.Value, parameter.Type, out var converted, out var problem))
            {
                Error(HotMessages.ParameterValue, $"the value of parameter '{parameter.Name}' is not a valid {ParameterTypes.Name(parameter.Type)}: {problem}", supplied.Span);
                continue;
            }

            CheckConstraints(parameter.Name, parameter.Constraints, converted, supplied.Span, "value");
            _parameters[index] = parameter with { Value = converted, HasValue = true };
        }

        if (requireValues)
        {
            foreach (var parameter in _parameters.Where(p => !p.HasValue && !p.HasDefault))
            {
                Error(HotMessages.MissingParameterValue, $"parameter '{parameter.Name}' has no value and no default", parameter.Span, $"give it with -P {parameter.Name}=VALUE or in an environment file (-e)");
            }
        }
    }

    private ImmutableArray<ParameterGroup> ReadParameterGroups(YamlNode? node)
    {
        if (node is null or YamlScalar { Value: null })
        {
            return [];
        }

        if (node is not YamlSequence list)
        {
            Error(HotMessages.WrongShape, "parameter_groups must be a list of groups (label, description, parameters)", node.Span);
            return [];
        }

        var groups = ImmutableArray.CreateBuilder<ParameterGroup>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item is not YamlMapping group || group["parameters"] is not YamlSequence names)
            {
                Error(HotMessages.WrongShape, "a parameter group must be a mapping with a 'parameters' list", item.Span);
                continue;
            }

            foreach (var name in names.Items)
            {
                var text = name is YamlScalar s ? s.Text : string.Empty;
                if (_parameters.All(p => p.Name != text))
                {
                    Error(HotMessages.GroupParameter, $"parameter group lists '{text}', which is not a declared parameter", name.Span, Suggestions.DidYouMean(text, _parameters.Select(p => p.Name)) ?? HotMessages.DeclareParameterHint);
                }
                else if (!seen.Add(text))
                {
                    Error(HotMessages.GroupParameter, $"parameter '{text}' is in more than one parameter group", name.Span);
                }
            }

            groups.Add(new ParameterGroup(Text(group["label"]), Text(group["description"]), [.. names.Items.OfType<YamlScalar>().Select(s => s.Text)], group.Span));
        }

        return groups.ToImmutable();
    }
}
