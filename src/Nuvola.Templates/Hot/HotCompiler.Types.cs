using System.Collections.Immutable;
using Nuvola.Model.Schemas;
using Nuvola.Model.Topology;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    private const int MaxNesting = 10;

    /// <summary>The schema of a resource's type: from the catalogue, or made from a nested template (its parameters are the
    /// properties, its outputs the attributes). Reports unsupported types and unreadable templates.</summary>
    private ResourceTypeSchema? ResolveSchema(ResourceDraft draft)
    {
        var type = draft.ResolvedType;
        if (IsTemplateReference(type))
        {
            return NestedSchema(draft, type);
        }

        if (ResourceTypeCatalog.Find(type) is { } schema)
        {
            return schema;
        }

        var service = ResourceTypeCatalog.ServiceOf(type);
        var shown = type == draft.Type ? $"'{type}'" : $"'{type}' (mapped from '{draft.Type}' by the environment)";
        var message = service is null ? $"unsupported resource type {shown}" : $"unsupported resource type {shown}: the {service} service's types are not implemented";
        var implemented = ResourceTypeCatalog.All.Where(t => service is not null && t.Service == service).Select(t => t.Type).ToList();
        var hint = Suggestions.DidYouMean(type, ResourceTypeCatalog.All.Select(t => t.Type))
            ?? (implemented.Count > 0 ? $"implemented {service} types: {string.Join(", ", implemented)}" : "docs/templates.md lists the supported resource types; a template file (.yaml) can also be a type");
        Error(HotMessages.UnsupportedType, message, draft.TypeSpan, hint);
        return null;
    }

    private ResourceTypeSchema? NestedSchema(ResourceDraft draft, string type)
    {
        var found = _context.Files.Find(type, draft.BaseDirectory ?? _directory);
        if (!_context.Nested.TryGetValue(found.Identity, out var topology))
        {
            if (found.Text is not { } text)
            {
                if (_context.Files.FilesOnly)
                {
                    Error(HotMessages.NestedTemplate, $"Could not fetch remote template \"{type}\" of resource '{draft.Name}': {found.Problem}", draft.TypeSpan,
                        "send the template in the request's files map under the name the type uses");
                }
                else if (IsUrl(type))
                {
                    Error(HotMessages.NestedTemplate, $"nested template '{type}' is remote; Nuvola does not fetch templates", draft.TypeSpan, "download it next to the template and use a relative path");
                }
                else
                {
                    Error(HotMessages.NestedTemplate, $"nested template '{type}' of resource '{draft.Name}' does not exist", draft.TypeSpan, $"the path is relative to {draft.BaseDirectory ?? _directory}");
                }

                return null;
            }

            if (_depth >= MaxNesting)
            {
                Error(HotMessages.NestedTemplate, $"nested templates go deeper than {MaxNesting} levels at '{type}'", draft.TypeSpan);
                return null;
            }

            _context.Nested[found.Identity] = null;
            topology = Compile(YamlLoader.Load(text, found.Name), _context, [], requireValues: false, _depth + 1);
            _context.Nested[found.Identity] = topology;
        }
        else if (topology is null)
        {
            Error(HotMessages.NestedTemplate, $"nested template '{type}' uses itself (directly or through other templates)", draft.TypeSpan, "a template cannot contain itself");
            return null;
        }

        if (topology is null)
        {
            return null;
        }

        _nested[type] = topology;
        return new ResourceTypeSchema(type, "Orchestration",
            [.. topology.Parameters.Select(p => new PropertySchema(p.Name, ToPropertyType(p.Type)) { Required = !p.HasDefault, UpdateAllowed = true, Default = p.Default })],
            [.. topology.Outputs.Select(o => new AttributeSchema(o.Name, o.Description)).Append(new AttributeSchema("OS::stack_id")).Append(new AttributeSchema("outputs", "every output of the nested stack, by name"))]);
    }

    private static PropertyType ToPropertyType(ParameterType type) => type switch
    {
        ParameterType.Number => PropertyType.Number,
        ParameterType.Boolean => PropertyType.Boolean,
        ParameterType.CommaDelimitedList => PropertyType.List,
        ParameterType.Json => PropertyType.Any,
        _ => PropertyType.String,
    };
}
