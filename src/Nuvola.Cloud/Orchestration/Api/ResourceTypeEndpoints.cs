using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Hosting;
using Nuvola.Model.Schemas;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>resource_types: list (filters name, version, support_status; with_description), show (properties and
/// attributes from the type catalogue), and a type's template (hot or cfn).</summary>
public static class ResourceTypeEndpoints
{
    private const string TemplateVersion = "2016-10-14";

    public static RouteGroupBuilder MapResourceTypeEndpoints(this RouteGroupBuilder routes)
    {
        routes.MapGet("/resource_types", (HttpRequest request) =>
        {
            var types = ResourceTypeCatalog.All.Select(t => t.Type);
            var name = request.Query["name"].ToString();
            if (name.Length > 0)
            {
                types = types.Where(t => NameMatches(t, name));
            }

            var status = request.Query["support_status"].ToString();
            if (status.Length > 0 && !string.Equals(status, "SUPPORTED", StringComparison.OrdinalIgnoreCase))
            {
                types = [];
            }

            var version = request.Query["version"].ToString();
            if (version.Length > 0 && !Regex.IsMatch(version, @"^\d+(\.\d+)*$"))
            {
                throw ApiException.BadRequest($"Invalid version filter: {version}");
            }

            var withDescription = bool.TryParse(request.Query["with_description"], out var w) && w;
            return Results.Json(new JsonObject
            {
                ["resource_types"] = new JsonArray([.. types.Select(t => withDescription
                    ? new JsonObject { ["resource_type"] = t, ["description"] = Description(t) }
                    : (JsonNode)JsonValue.Create(t))]),
            });
        });
        routes.MapGet("/resource_types/{type}", (string type) => Results.Json(Show(Find(type))));
        routes.MapGet("/resource_types/{type}/template", (string type, HttpRequest request) =>
        {
            var schema = Find(type);
            var kind = request.Query["template_type"].ToString();
            return Results.Json(kind == "cfn" ? CfnTemplate(schema) : HotTemplate(schema));
        });
        return routes;
    }

    /// <summary>Heat's name filter: a plain substring, or a regular expression when it looks like one.</summary>
    private static bool NameMatches(string type, string filter)
    {
        if (type.Contains(filter, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            return Regex.IsMatch(type, filter, RegexOptions.None, TimeSpan.FromMilliseconds(50));
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static ResourceTypeSchema Find(string type) =>
        ResourceTypeCatalog.Find(type) ?? throw ApiException.NotFound($"The Resource Type ({type}) could not be found.", "EntityNotFound");

    private static string Description(string type) => $"{type} ({ResourceTypeCatalog.ServiceOf(type) ?? "Orchestration"}).";

    private static JsonObject Show(ResourceTypeSchema schema)
    {
        var properties = new JsonObject();
        foreach (var p in schema.Properties)
        {
            properties[p.Name] = Property(p);
        }

        var attributes = new JsonObject();
        foreach (var a in schema.Attributes)
        {
            attributes[a.Name] = new JsonObject { ["description"] = a.Description ?? a.Name };
        }

        attributes["show"] ??= new JsonObject { ["description"] = "Detailed information about resource.", ["type"] = "map" };
        return new JsonObject
        {
            ["resource_type"] = schema.Type,
            ["properties"] = properties,
            ["attributes"] = attributes,
            ["support_status"] = new JsonObject { ["status"] = "SUPPORTED", ["version"] = null, ["message"] = null, ["previous_status"] = null },
            ["description"] = Description(schema.Type),
        };
    }

    private static JsonObject Property(PropertySchema p)
    {
        var entry = new JsonObject
        {
            ["type"] = TypeName(p.Type),
            ["description"] = p.SupersededBy is null ? p.Name : $"Deprecated: use {p.SupersededBy}.",
            ["required"] = p.Required,
            ["update_allowed"] = p.UpdateAllowed,
            ["immutable"] = p.Immutable,
        };
        if (p.Default is not null)
        {
            entry["default"] = TemplateCheck.ToJson(p.Default);
        }

        var constraints = new JsonArray();
        if (p.AllowedValues.Length > 0)
        {
            constraints.Add(new JsonObject { ["allowed_values"] = new JsonArray([.. p.AllowedValues.Select(TemplateCheck.ToJson)]) });
        }

        if (p.Min is not null || p.Max is not null)
        {
            constraints.Add(new JsonObject { ["range"] = new JsonObject { ["min"] = TemplateCheck.ToJson(p.Min), ["max"] = TemplateCheck.ToJson(p.Max) } });
        }

        if (p.MinLength is not null || p.MaxLength is not null)
        {
            constraints.Add(new JsonObject { ["length"] = new JsonObject { ["min"] = p.MinLength, ["max"] = p.MaxLength } });
        }

        if (p.CustomConstraint is not null)
        {
            constraints.Add(new JsonObject { ["custom_constraint"] = p.CustomConstraint });
        }

        if (constraints.Count > 0)
        {
            entry["constraints"] = constraints;
        }

        if (p.Items is { } items)
        {
            entry["schema"] = new JsonObject { ["*"] = Property(items) };
        }
        else if (p.Properties.Length > 0)
        {
            var nested = new JsonObject();
            foreach (var child in p.Properties)
            {
                nested[child.Name] = Property(child);
            }

            entry["schema"] = nested;
        }

        return entry;
    }

    private static string TypeName(PropertyType type) => type switch
    {
        PropertyType.Integer => "integer",
        PropertyType.Number => "number",
        PropertyType.Boolean => "boolean",
        PropertyType.Map => "map",
        PropertyType.List => "list",
        PropertyType.Any => "any",
        _ => "string",
    };

    private static string ParameterType(PropertyType type) => type switch
    {
        PropertyType.Integer or PropertyType.Number => "number",
        PropertyType.Boolean => "boolean",
        PropertyType.Map or PropertyType.Any => "json",
        PropertyType.List => "comma_delimited_list",
        _ => "string",
    };

    private static string ShortName(ResourceTypeSchema schema) => schema.Type.Split("::")[^1];

    private static JsonObject HotTemplate(ResourceTypeSchema schema)
    {
        var name = ShortName(schema);
        var parameters = new JsonObject();
        var properties = new JsonObject();
        foreach (var p in schema.Properties.Where(p => p.SupersededBy is null))
        {
            var parameter = new JsonObject { ["type"] = ParameterType(p.Type), ["description"] = p.Name };
            if (p.Default is not null)
            {
                parameter["default"] = TemplateCheck.ToJson(p.Default);
            }

            parameters[p.Name] = parameter;
            properties[p.Name] = new JsonObject { ["get_param"] = p.Name };
        }

        var outputs = new JsonObject();
        foreach (var a in schema.Attributes)
        {
            outputs[a.Name] = new JsonObject
            {
                ["description"] = a.Description ?? a.Name,
                ["value"] = new JsonObject { ["get_attr"] = new JsonArray(name, a.Name) },
            };
        }

        return new JsonObject
        {
            ["heat_template_version"] = TemplateVersion,
            ["description"] = $"Initial template of {name}",
            ["parameters"] = parameters,
            ["resources"] = new JsonObject { [name] = new JsonObject { ["type"] = schema.Type, ["properties"] = properties } },
            ["outputs"] = outputs,
        };
    }

    private static JsonObject CfnTemplate(ResourceTypeSchema schema)
    {
        var name = ShortName(schema);
        var parameters = new JsonObject();
        var properties = new JsonObject();
        foreach (var p in schema.Properties.Where(p => p.SupersededBy is null))
        {
            parameters[p.Name] = new JsonObject { ["Type"] = ParameterType(p.Type) == "number" ? "Number" : "String", ["Description"] = p.Name };
            properties[p.Name] = new JsonObject { ["Ref"] = p.Name };
        }

        var outputs = new JsonObject();
        foreach (var a in schema.Attributes)
        {
            outputs[a.Name] = new JsonObject { ["Description"] = a.Description ?? a.Name, ["Value"] = new JsonObject { ["Fn::GetAtt"] = new JsonArray(name, a.Name) } };
        }

        return new JsonObject
        {
            ["HeatTemplateFormatVersion"] = "2012-12-12",
            ["Description"] = $"Initial template of {name}",
            ["Parameters"] = parameters,
            ["Resources"] = new JsonObject { [name] = new JsonObject { ["Type"] = schema.Type, ["Properties"] = properties } },
            ["Outputs"] = outputs,
        };
    }
}
