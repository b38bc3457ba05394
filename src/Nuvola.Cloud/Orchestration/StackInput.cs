using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// The body of a stack create, update, preview or validate: the template (an object or a text), `files`, the
/// environment (an object or a text) with `environment_files`, `parameters`, tags, timeout and rollback.
/// </summary>
public sealed partial record StackInput
{
    public string? StackName { get; init; }

    public string? Template { get; init; }

    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The environment merged from `environment_files` (in order) and `environment`, as a JSON object.</summary>
    public JsonObject Environment { get; init; } = [];

    public bool HasEnvironment { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<string>? Tags { get; init; }

    public int? TimeoutMinutes { get; init; }

    public bool? DisableRollback { get; init; }

    public IReadOnlyList<string> ClearParameters { get; init; } = [];

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_.-]{0,254}$")]
    private static partial Regex NamePattern();

    public static void CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw ApiException.BadRequest(
                $"Invalid stack name {name} must contain only alphanumeric or \"_-.\" characters, must start with alpha and must be 255 characters or less.",
                "StackValidationFailed");
        }
    }

    public static StackInput Parse(JsonObject body, bool templateRequired)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["files"] is JsonObject fileMap)
        {
            foreach (var (name, value) in fileMap)
            {
                files[name] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? string.Empty;
            }
        }
        else if (body["files"] is not null and not JsonObject)
        {
            throw ApiException.BadRequest("The files must be a map of names to contents.");
        }

        if (body["template_url"] is JsonValue url && url.TryGetValue<string>(out var templateUrl) && body["template"] is null)
        {
            throw ApiException.BadRequest($"Could not retrieve template: Failed to retrieve template from {templateUrl}: fetching templates by URL is not supported; send the template in the request.");
        }

        if (body["adopt_stage_data"] is not null)
        {
            throw ApiException.BadRequest("Stack adopt is not supported.", "NotSupported");
        }

        var template = body["template"] switch
        {
            null => null,
            JsonObject o => o.ToJsonString(),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw ApiException.BadRequest("The template must be a JSON object or a YAML/JSON string."),
        };
        if (template is not null && System.Text.Encoding.UTF8.GetByteCount(template) is var size && size > Templates.Yaml.YamlLimits.MaxDocumentBytes)
        {
            throw ApiException.BadRequest(
                $"Request limit exceeded: Template size ({size} bytes) exceeds maximum allowed size ({Templates.Yaml.YamlLimits.MaxDocumentBytes} bytes).",
                "RequestLimitExceeded");
        }

        if (template is not null && string.IsNullOrWhiteSpace(template))
        {
            template = null;
        }

        if (templateRequired && template is null)
        {
            throw ApiException.BadRequest("No template specified");
        }

        var environment = new JsonObject();
        var hasEnvironment = false;
        if (body["environment_files"] is JsonArray envFiles)
        {
            foreach (var name in envFiles)
            {
                var key = name is JsonValue entry && entry.TryGetValue<string>(out var fileName)
                    ? fileName
                    : throw ApiException.BadRequest($"The environment_files must be a list of file names: {name?.ToJsonString() ?? "null"} is not a string.");
                if (!files.TryGetValue(key, out var text))
                {
                    throw ApiException.BadRequest($"Could not fetch files: environment file {key} is not in files");
                }

                Merge(environment, EnvironmentText.ToObject(text));
                hasEnvironment = true;
            }
        }

        switch (body["environment"])
        {
            case null:
                break;
            case JsonObject env:
                Merge(environment, (JsonObject)env.DeepClone());
                hasEnvironment = true;
                break;
            case JsonValue v when v.TryGetValue<string>(out var envText):
                Merge(environment, EnvironmentText.ToObject(envText));
                hasEnvironment = true;
                break;
            default:
                throw ApiException.BadRequest("The environment must be a JSON object or a YAML/JSON string.");
        }

        EnvironmentText.CheckSections(environment);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["parameters"] is JsonObject given)
        {
            foreach (var (name, value) in given)
            {
                parameters[name] = ParameterText(value);
            }
        }

        IReadOnlyList<string>? tags = body["tags"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            JsonArray list => [.. list.Select(t => t?.ToString() ?? string.Empty).Where(t => t.Length > 0)],
            _ => throw ApiException.BadRequest("The tags must be a comma-separated string."),
        };
        int? timeout = null;
        if (body["timeout_mins"] is JsonValue t)
        {
            timeout = t.TryGetValue<int>(out var minutes) ? minutes
                : t.TryGetValue<string>(out var text) && int.TryParse(text, out var parsed) ? parsed
                : throw ApiException.BadRequest("Invalid timeout value");
            if (timeout < 0)
            {
                throw ApiException.BadRequest("Invalid timeout value");
            }
        }

        bool? disableRollback = body["disable_rollback"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b) => b,
            _ => throw ApiException.BadRequest("Unrecognized value for disable_rollback, acceptable values are: true, false"),
        };
        var clear = body["clear_parameters"] is JsonArray c ? c.Select(x => x?.ToString() ?? string.Empty).ToList() : [];
        return new StackInput
        {
            StackName = body["stack_name"] is JsonValue n && n.TryGetValue<string>(out var stackName) ? stackName : null,
            Template = template,
            Files = files,
            Environment = environment,
            HasEnvironment = hasEnvironment,
            Parameters = parameters,
            Tags = tags,
            TimeoutMinutes = timeout,
            DisableRollback = disableRollback,
            ClearParameters = clear,
        };
    }

    /// <summary>A parameter value as Heat passes it to the template: strings as they are, anything else as JSON.</summary>
    public static string ParameterText(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        _ => value.ToJsonString(),
    };

    /// <summary>Later environments win: maps merge key by key, anything else is replaced.</summary>
    public static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            if (into[key] is JsonObject existing && value is JsonObject incoming)
            {
                Merge(existing, (JsonObject)incoming.DeepClone());
            }
            else
            {
                into[key] = value?.DeepClone();
            }
        }
    }
}
