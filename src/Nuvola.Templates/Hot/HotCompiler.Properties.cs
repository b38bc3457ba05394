using Nuvola.Model.Diagnostics;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Schemas;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    /// <summary>
    /// While a ResourceGroup's resource_def is checked: its index_var (default %index%). Heat puts the member's index
    /// in place of it before validating, so a value that contains it is checked with index 0 in its place.
    /// </summary>
    private string? _indexVar;

    /// <summary>Checks a resource's properties against its type: unknown names, missing required ones, types and constraints.</summary>
    private void CheckResourceProperties(ResourceDraft draft, ResourceTypeSchema schema, MapExpression? properties, SourceSpan at, string path, bool external)
    {
        if (schema.OpenProperties)
        {
            return;
        }

        var owner = $"resource '{draft.Name}' ({draft.Type})";
        foreach (var entry in properties?.Entries ?? [])
        {
            var property = schema.FindProperty(entry.Key);
            if (property is null)
            {
                var names = schema.Properties.Where(p => p.SupersededBy is null).Select(p => p.Name).ToList();
                Error(HotMessages.UnknownProperty, $"{owner} has no property '{entry.Key}'", entry.KeySpan,
                    Suggestions.DidYouMean(entry.Key, schema.Properties.Select(p => p.Name)) ?? (names.Count == 0 ? "this type takes no properties" : $"its properties are {string.Join(", ", names)}"));
                continue;
            }

            CheckValue(entry.Value, property, $"property '{entry.Key}' of {owner}");
            if (schema.Type == "OS::Heat::Stack" && entry.Key == "context" && entry.Value is MapExpression context &&
                context.Entries.FirstOrDefault(e => e.Key == "cloud") is { } cloud)
            {
                _context.Add(Severity.Info, HotMessages.NuvolaExtension,
                    $"context.cloud of {owner} is a Nuvola extension (Heat knows only region_name): its nested stack is deployed on that configured cloud",
                    cloud.KeySpan, "Heat and the Heat API refuse it; nuvola deploy checks the cloud name at plan time");
            }
            if (ResourceTypeCatalog.DefinitionProperty.TryGetValue(schema.Type, out var definitionProperty) && definitionProperty == entry.Key)
            {
                CheckInnerDefinition(draft, entry, schema.Type == "OS::Heat::ResourceGroup" ? IndexVar(properties) : null);
            }
        }

        if (external)
        {
            return;
        }

        foreach (var required in schema.Properties.Where(p => p.Required && IsMissing(properties, p.Name)))
        {
            var example = ReferenceHints.ExpectedType(required.Name, required.CustomConstraint) is { } type && _drafts.Find(d => d.ResolvedType == type) is { } candidate
                ? $"{required.Name}: {{ get_resource: {candidate.Name} }}"
                : $"{required.Name}: …";
            Error(HotMessages.MissingProperty, $"{owner} is missing the required property '{required.Name}'", at,
                properties is null ? $"add `properties: {{{example}}}` to resource '{draft.Name}'" : $"add `{example}` under {path}.properties");
        }

        foreach (var group in schema.RequiredOneOf.Where(g => g.All(name => IsMissing(properties, name))))
        {
            Error(HotMessages.MissingProperty, $"{owner} needs the property '{group[0]}'", at,
                group.Length > 2 ? $"give one of {string.Join(", ", group)}" : $"add {group[0]}: under {path}.properties");
        }
    }

    private static bool IsMissing(MapExpression? properties, string name) =>
        properties?[name] is null or LiteralExpression { Value: null };

    /// <summary>ResourceGroup's resource_def and AutoScalingGroup's resource: a resource definition checked against its own type.</summary>
    private void CheckInnerDefinition(ResourceDraft draft, MapEntry entry, string? indexVar)
    {
        if (entry.Value is not MapExpression definition)
        {
            return;
        }

        foreach (var key in definition.Entries.Where(e => e.Key is not ("type" or "properties" or "metadata")))
        {
            Error(HotMessages.ResourceKey, $"the definition in '{entry.Key}' of resource '{draft.Name}' has an unknown key '{key.Key}'", key.KeySpan, "a definition has type, properties and metadata");
        }

        if (definition["type"] is not LiteralExpression { Value: string type })
        {
            if (definition["type"] is null)
            {
                Error(HotMessages.MissingType, $"the definition in '{entry.Key}' of resource '{draft.Name}' has no type", definition.Span, "add e.g. `type: OS::Nova::Server`");
            }

            return;
        }

        var (resolved, baseDirectory, _) = _context.Environment.Resolve(type, draft.Name);
        var inner = new ResourceDraft($"{draft.Name}.{entry.Key}", type, resolved, baseDirectory ?? draft.BaseDirectory, definition["properties"] as MapExpression,
            definition["metadata"], [], null, DeletionPolicy.Delete, null, null, null, definition.Span, definition["type"]!.Span);
        if (ResolveSchema(inner) is { } schema)
        {
            var outer = _indexVar;
            _indexVar = indexVar;
            try
            {
                CheckResourceProperties(inner, schema, inner.Properties, definition.Span, $"resources.{draft.Name}.properties.{entry.Key}", external: false);
            }
            finally
            {
                _indexVar = outer;
            }
        }
    }

    /// <summary>A ResourceGroup's index_var when it is written as a string (else the default, %index%).</summary>
    private static string IndexVar(MapExpression? properties) =>
        properties?["index_var"] is LiteralExpression { Value: string { Length: > 0 } name } ? name : "%index%";

    private void CheckValue(Expression expression, PropertySchema schema, string what)
    {
        switch (expression)
        {
            case LiteralExpression { Value: null }:
                return;
            case FunctionExpression function:
                var value = EvaluateForValidation(function);
                if (value is not UnknownValue && !ContainsUnknown(value))
                {
                    CheckKnownValue(value, schema, what, function.Span);
                }

                return;
            case LiteralExpression literal:
                CheckKnownValue(literal.Value, schema, what, literal.Span);
                return;
            case ListExpression list when schema.Type is PropertyType.List:
                if (schema.Items is { } item)
                {
                    for (var i = 0; i < list.Items.Length; i++)
                    {
                        CheckValue(list.Items[i], item, $"item {i} of {what}");
                    }
                }

                return;
            case MapExpression map when schema.Type is PropertyType.Map:
                if (!schema.Properties.IsEmpty)
                {
                    CheckMapKeys(map, schema, what);
                }

                return;
            case ListExpression or MapExpression when schema.Type is not PropertyType.Any:
                Error(HotMessages.PropertyType, $"{what} must be {Article(schema.Type)}, not a {(expression is ListExpression ? "list" : "map")}", expression.Span);
                return;
        }
    }

    private void CheckMapKeys(MapExpression map, PropertySchema schema, string what)
    {
        foreach (var entry in map.Entries)
        {
            if (schema.FindProperty(entry.Key) is { } key)
            {
                CheckValue(entry.Value, key, $"'{entry.Key}' in {what}");
            }
            else
            {
                Error(HotMessages.UnknownProperty, $"{what} has no key '{entry.Key}'", entry.KeySpan,
                    Suggestions.DidYouMean(entry.Key, schema.Properties.Select(p => p.Name)) ?? $"its keys are {string.Join(", ", schema.Properties.Where(p => p.SupersededBy is null).Select(p => p.Name))}");
            }
        }

        foreach (var required in schema.Properties.Where(p => p.Required && IsMissing(map, p.Name)))
        {
            Error(HotMessages.MissingProperty, $"{what} is missing the required key '{required.Name}'", map.Span);
        }
    }

    private void CheckKnownValue(object? value, PropertySchema schema, string what, SourceSpan at)
    {
        if (value is null)
        {
            return;
        }

        if (_indexVar is { } indexVar && value is string withIndex && withIndex.Contains(indexVar, StringComparison.Ordinal))
        {
            value = withIndex.Replace(indexVar, "0", StringComparison.Ordinal);
        }

        var ok = schema.Type switch
        {
            PropertyType.String => value is string or long or double or bool,
            PropertyType.Integer => value is long || (value is double d && d == Math.Floor(d)) || (value is string s && long.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out _)),
            PropertyType.Number => value is long or double || (value is string && Values.TryNumber(value, out _)),
            PropertyType.Boolean => Values.TryBoolean(value, out _),
            PropertyType.Map => value is IReadOnlyDictionary<string, object?>,
            PropertyType.List => value is IReadOnlyList<object?>,
            _ => true,
        };
        if (!ok)
        {
            Error(HotMessages.PropertyType, $"{what} must be {Article(schema.Type)}, not {Describe(value)}", at);
            return;
        }

        if (!schema.AllowedValues.IsEmpty && value is not IReadOnlyList<object?> && !schema.AllowedValues.Any(a => Values.Equals(a, value) || Values.ToText(a) == Values.ToText(value)))
        {
            Error(HotMessages.PropertyValue, $"{what} is '{Values.ToText(value)}'; allowed values are {string.Join(", ", schema.AllowedValues.Select(Values.ToText))}", at,
                Suggestions.DidYouMean(Values.ToText(value), schema.AllowedValues.Select(Values.ToText)));
        }

        if ((schema.Min is not null || schema.Max is not null) && Values.TryNumber(value, out var number) && ((schema.Min is { } min && number < min) || (schema.Max is { } max && number > max)))
        {
            var range = (schema.Min, schema.Max) switch
            {
                ({ } lo, { } hi) => $"between {lo} and {hi}",
                ({ } lo, null) => $"at least {lo}",
                (_, var hi) => $"at most {hi}",
            };
            Error(HotMessages.PropertyValue, $"{what} is {Values.ToText(value)}; it must be {range}", at);
        }

        if (value is string text && ((schema.MinLength is { } minLength && text.Length < minLength) || (schema.MaxLength is { } maxLength && text.Length > maxLength)))
        {
            Error(HotMessages.PropertyValue, $"{what} must be {schema.MinLength ?? 0} to {schema.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any number of"} characters long", at);
        }

        if (schema.CustomConstraint is { } constraint && CustomConstraints.CheckLocally(constraint, value) is { } problem)
        {
            Error(HotMessages.PropertyValue, $"{what} is '{Values.ToText(value)}'; it {problem}", at);
        }
    }

    private static bool ContainsUnknown(object? value) => value switch
    {
        UnknownValue => true,
        IReadOnlyList<object?> list => list.Any(ContainsUnknown),
        IReadOnlyDictionary<string, object?> map => map.Values.Any(ContainsUnknown),
        _ => false,
    };

    private static string Article(PropertyType type) => type switch
    {
        PropertyType.Integer => "an integer",
        PropertyType.Any => "any value",
        _ => "a " + type.ToString().ToLowerInvariant(),
    };

    private static string Describe(object? value) => value switch
    {
        string s => $"the string '{s}'",
        IReadOnlyList<object?> => "a list",
        IReadOnlyDictionary<string, object?> => "a map",
        _ => $"{Values.TypeName(value)} {Values.ToText(value)}",
    };
}
