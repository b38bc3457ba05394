using System.Globalization;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;
using Nuvola.Templates;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// Compiles a request's template (with its files and environment) and turns errors into Heat's 400 answers,
/// worded as Heat words the common ones (a bad version, a parameter that was not provided).
/// </summary>
public static class TemplateCheck
{
    /// <summary>The name the request's template goes by in diagnostics (it is no file: nothing is written or read).</summary>
    public const string TemplateName = "template.yaml";

    internal static ApiException Invalid(string message) => ApiException.BadRequest(message, "StackValidationFailed");

    // The template compiler's diagnostic codes (docs/templates.md) that Heat words its own way.
    private const string MissingVersion = "HOT001";
    private const string NoVersionKey = TemplateMessages.NoVersionKey;
    private const string UnknownVersion = "HOT002";
    private const string MissingParameterValue = "HOT017";
    private const string UndeclaredParameter = "HOT020";
    private const string UnknownProperty = "HOT033";

    /// <summary>The compiled template; 400 (StackValidationFailed) when it has errors.</summary>
    /// <param name="lenient">Validate only: a property a nested template does not declare is not an error (Heat's
    /// validate does not check a template resource's properties against the nested template's parameters).</param>
    public static TemplateTopology Compile(StackInput input, IReadOnlyDictionary<string, string> parameters, bool requireValues, bool lenient = false)
    {
        var result = Load(input, parameters, requireValues);
        if (result.Language == TemplateLanguage.Tosca)
        {
            // Heat's API speaks HOT only; the TOSCA front end is for nuvola's own commands.
            throw Invalid("Template format version not found: this is a TOSCA document (tosca_definitions_version); " +
                "the orchestration API takes HOT templates (heat_template_version) only.");
        }

        if (lenient && result.Topology is { } topology)
        {
            var nested = AllNestedTypes(topology).Select(t => "(" + t + ")").ToList();
            result = result with
            {
                Diagnostics = [.. result.Diagnostics.Where(d => !(d.Code == UnknownProperty && nested.Any(t => d.Message.Contains(t, StringComparison.Ordinal))))],
            };
        }

        // Heat evaluates a nested template's outputs only when they are read (an error there is the output's output_error).
        result = result with
        {
            Diagnostics = [.. result.Diagnostics.Where(d => !(d.Severity == Severity.Error && d.Span is { } span
                && !string.Equals(span.File, TemplateName, StringComparison.Ordinal) && span.Path.TrimStart('$', '.').StartsWith("outputs", StringComparison.Ordinal)))],
        };
        ThrowOnErrors(result);
        return result.Topology!;
    }

    /// <summary>
    /// The request's template compiled in memory, its files and environment from the request only: the loader runs
    /// files-map only, so get_file, nested templates and resource_registry targets name entries of `files` and
    /// never a file of this host (an absolute path, ../ or a URL not in the map is a 400 naming it).
    /// </summary>
    public static TemplateResult Load(StackInput input, IReadOnlyDictionary<string, string> parameters, bool requireValues) =>
        TemplateLoader.Parse(input.Template ?? throw ApiException.BadRequest("No template specified"), TemplateName, new TemplateOptions
        {
            Files = input.Files,
            FilesOnly = true,
            EnvironmentTexts = input.HasEnvironment ? [input.Environment.ToJsonString()] : [],
            Parameters = [.. parameters],
            RequireParameterValues = requireValues,
        });

    private static IEnumerable<string> AllNestedTypes(TemplateTopology topology) =>
        topology.NestedTemplates.Keys.Concat(topology.NestedTemplates.Values.SelectMany(AllNestedTypes));

    public static void ThrowOnErrors(TemplateResult result)
    {
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        if (result.Topology is null && errors.Count == 0)
        {
            throw Invalid("The template is not a JSON object or YAML mapping.");
        }

        if (errors.Count == 0)
        {
            return;
        }

        var first = errors[0];
        var message = first.Code switch
        {
            UnknownVersion or MissingVersion or NoVersionKey => $"The template version is invalid: {first.Message}",
            UndeclaredParameter or MissingParameterValue => ParameterMessage(first),
            _ => first.Message,
        };
        var rest = errors.Skip(1).Select(Describe).ToList();
        if (first.Span is { } span)
        {
            message += $" (at {Path(span)} line {span.Line}, column {span.Column})";
        }

        if (rest.Count > 0)
        {
            message += "; also: " + string.Join("; ", rest);
        }

        throw Invalid(message);
    }

    private static string Describe(Diagnostic d) => d.Span is { } s ? $"{d.Message} (line {s.Line}, column {s.Column})" : d.Message;

    private static string Path(SourceSpan span) => span.Path.TrimStart('$', '.');

    /// <summary>Heat: "Property error: : resources.two.properties.value: : The Parameter (missing) was not provided."</summary>
    private static string ParameterMessage(Diagnostic d)
    {
        var start = d.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : d.Message.IndexOf('\'', start + 1);
        var name = start >= 0 && end > start ? d.Message[(start + 1)..end] : d.Message;
        if (d.Code == MissingParameterValue)
        {
            return $"The Parameter ({name}) was not provided.";
        }

        var path = d.Span is { } span ? Path(span) : string.Empty;
        var at = path.IndexOf(".properties.", StringComparison.Ordinal);
        if (at >= 0)
        {
            var next = path.IndexOf('.', at + ".properties.".Length);
            path = next < 0 ? path : path[..next];
        }

        return $"Property error: : {path}: : The Parameter ({name}) was not provided.";
    }

    /// <summary>The template's resources in declaration order (for INIT_COMPLETE listing before the engine reaches them).</summary>
    public static IReadOnlyList<HeatResourceOutline> Outline(TemplateTopology topology) =>
        [.. topology.Resources.Select(r => new HeatResourceOutline(r.Name, r.ResolvedType.Contains('.', StringComparison.Ordinal) && !r.ResolvedType.Contains("::", StringComparison.Ordinal) ? r.Type : r.ResolvedType, [.. r.Dependencies]))];

    /// <summary>Heat's validate answer: Description, Parameters, ParameterGroups (when any), NestedParameters (show_nested), Environment.</summary>
    public static JsonObject ValidateResponse(TemplateTopology topology, StackInput input, bool showNested)
    {
        var body = new JsonObject
        {
            ["Description"] = topology.Description ?? "No description",
            ["Parameters"] = Parameters(topology),
        };
        if (topology.ParameterGroups.Length > 0)
        {
            body["ParameterGroups"] = new JsonArray([.. topology.ParameterGroups.Select(g => (JsonNode)new JsonObject
            {
                ["label"] = g.Label,
                ["description"] = g.Description,
                ["parameters"] = new JsonArray([.. g.Parameters.Select(p => (JsonNode?)JsonValue.Create(p))]),
            })]);
        }

        if (showNested && Nested(topology) is { Count: > 0 } nested)
        {
            body["NestedParameters"] = nested;
        }

        body["Environment"] = EnvironmentText.Normalised(input.Environment, NestedTypes(topology));
        return body;
    }

    /// <summary>Template files the template uses as types (Heat adds them to the registry it echoes).</summary>
    public static IEnumerable<string> NestedTypes(TemplateTopology topology) =>
        topology.Resources.Where(r => topology.NestedTemplates.ContainsKey(r.Type)).Select(r => r.Type).Distinct(StringComparer.Ordinal);

    private static JsonObject Nested(TemplateTopology topology)
    {
        var nested = new JsonObject();
        foreach (var resource in topology.Resources)
        {
            if (!topology.NestedTemplates.TryGetValue(resource.Type, out var child))
            {
                continue;
            }

            var entry = new JsonObject
            {
                ["Description"] = child.Description ?? "No description",
                ["Parameters"] = Parameters(child, resource, topology),
            };
            if (Nested(child) is { Count: > 0 } grandChildren)
            {
                entry["NestedParameters"] = grandChildren;
            }

            entry["Type"] = resource.Type;
            nested[resource.Name] = entry;
        }

        return nested;
    }

    private static JsonObject Parameters(TemplateTopology topology, Resource? parent = null, TemplateTopology? parentTopology = null)
    {
        var parameters = new JsonObject();
        foreach (var p in topology.Parameters)
        {
            var entry = new JsonObject
            {
                ["Type"] = p.Type switch
                {
                    ParameterType.Number => "Number",
                    ParameterType.Json => "Json",
                    ParameterType.CommaDelimitedList => "CommaDelimitedList",
                    ParameterType.Boolean => "Boolean",
                    _ => "String",
                },
                ["Description"] = p.Description ?? string.Empty,
                ["Label"] = p.Label ?? p.Name,
                ["NoEcho"] = p.Hidden ? "true" : "false",
            };
            if (p.HasDefault)
            {
                entry["Default"] = ToJson(p.Default);
            }

            if (p.HasValue)
            {
                entry["Value"] = ToJson(p.Value);
            }
            else if (parent?.Properties is { } properties && properties.Entries.FirstOrDefault(e => e.Key == p.Name) is { Value: { } given }
                && ParentValue(given, parentTopology) is { } inherited)
            {
                entry["Value"] = inherited;
            }

            foreach (var c in p.Constraints)
            {
                Constraint(entry, c);
            }

            parameters[p.Name] = entry;
        }

        return parameters;
    }

    private static JsonNode? ParentValue(Expression given, TemplateTopology? parent) => given switch
    {
        LiteralExpression literal => ToJson(literal.Value),
        FunctionExpression { Name: "get_param", Argument: LiteralExpression { Value: string name } }
            when parent?.FindParameter(name) is { } p && p.TryGetEffectiveValue(out var value) => ToJson(value),
        _ => null,
    };

    private static void Constraint(JsonObject entry, ParameterConstraint c)
    {
        switch (c.Kind)
        {
            case ConstraintKind.Length:
                if (c.Min is { } minLength)
                {
                    entry["MinLength"] = (long)minLength;
                }

                if (c.Max is { } maxLength)
                {
                    entry["MaxLength"] = (long)maxLength;
                }

                break;
            case ConstraintKind.Range:
                if (c.Min is { } min)
                {
                    entry["MinValue"] = Number(min);
                }

                if (c.Max is { } max)
                {
                    entry["MaxValue"] = Number(max);
                }

                break;
            case ConstraintKind.AllowedValues:
                entry["AllowedValues"] = new JsonArray([.. c.Values.Select(ToJson)]);
                break;
            case ConstraintKind.AllowedPattern:
                entry["AllowedPattern"] = c.Pattern;
                break;
            case ConstraintKind.Custom:
                entry["CustomConstraint"] = c.CustomName;
                break;
        }

        if (c.Description is not null)
        {
            entry["ConstraintDescription"] = c.Description;
        }
    }

    private static JsonNode Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);

    /// <summary>A template value (string, number, bool, list, map) as JSON; whole numbers stay integers.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => Number(d),
        decimal m => m == decimal.Truncate(m) ? JsonValue.Create((long)m) : JsonValue.Create(m),
        JsonNode node => node.DeepClone(),
        System.Text.Json.JsonElement element => JsonNode.Parse(element.GetRawText()),
        IDictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(ToJson)]),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>A parameter's value as Heat shows it in a stack's `parameters` (a string; lists comma-joined; JSON as text).</summary>
    public static string ShowValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        double d => Number(d).ToJsonString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary<string, object?> => ToJson(value)!.ToJsonString(),
        System.Collections.IEnumerable list => string.Join(",", list.Cast<object?>().Select(ShowValue)),
        _ => value.ToString() ?? string.Empty,
    };
}
