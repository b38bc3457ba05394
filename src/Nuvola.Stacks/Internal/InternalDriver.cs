using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;
using Nuvola.Model.Evaluation;

namespace Nuvola.Stacks.Internal;

/// <summary>
/// Runs the OS::Heat::* types that need no cloud (RandomString, Value, None, TestResource, the config types, wait
/// conditions, scaling policies) and the aggregate nodes of groups and nested stacks (whose attributes the stack
/// service computes from their members). Concurrency key "internal". Nothing exists outside the state, so a read
/// answers null and there are never orphans.
/// </summary>
internal sealed class InternalDriver(SignalHub signals, TimeProvider time, StackServiceOptions options) : IResourceDriver
{
    public string ConcurrencyKey => "internal";

    public bool Supports(string type) => InternalTypes.IsInternal(type);

    public Task<ResourceSnapshot> CreateAsync(ResourceSpec spec, CancellationToken cancellationToken = default) =>
        RunAsync(spec, null, "create", cancellationToken);

    public Task<ResourceSnapshot> UpdateAsync(ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken = default) =>
        RunAsync(spec, current, "update", cancellationToken);

    public async Task DeleteAsync(string type, string physicalId, CancellationToken cancellationToken = default)
    {
        if (type == "OS::Heat::WaitConditionHandle")
        {
            signals.Forget(physicalId);
        }

        if (DeploymentResources.IsDeployment(type))
        {
            _deployments.Delete(physicalId);
        }

        if (DeploymentResources.IsConfig(type))
        {
            options.SoftwareDeployments.RemoveConfig(physicalId);
        }

        if (type == "OS::Heat::TestResource" && _deleteWaits.TryRemove(physicalId, out var wait) && wait > TimeSpan.Zero)
        {
            await CallSlot.DelayAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<ResourceSnapshot?> ReadAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
        Task.FromResult<ResourceSnapshot?>(null);

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(string stack, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> _deleteWaits = new();
    private readonly DeploymentResources _deployments = new(options.SoftwareDeployments, time, options);

    private async Task<ResourceSnapshot> RunAsync(ResourceSpec spec, ResourceSnapshot? current, string action,
        CancellationToken cancellationToken)
    {
        var p = spec.Properties;
        var id = current?.PhysicalId ?? Guid.NewGuid().ToString();
        var attributes = new JsonObject();
        if (DeploymentResources.IsDeployment(spec.Type))
        {
            return await _deployments.RunAsync(spec, current, action, cancellationToken).ConfigureAwait(false);
        }

        switch (spec.Type)
        {
            case "OS::Heat::RandomString":
                var keep = current is not null && Text(p, "salt") == Text(current.Properties, "salt") &&
                    current.Attributes.ValueKind == JsonValueKind.Object && current.Attributes.TryGetProperty("value", out _);
                attributes["value"] = keep ? current!.Attributes.GetProperty("value").GetString()
                    : RandomStrings.Generate(spec.LogicalName, p);
                break;
            case "OS::Heat::Value":
                attributes["value"] = JsonNode.Parse(Convert(p).GetRawText());
                break;
            case "OS::Heat::TestResource":
                await TestResourceAsync(spec, action, cancellationToken).ConfigureAwait(false);
                if (current is not null && Bool(p, "update_replace"))
                {
                    id = Guid.NewGuid().ToString();
                }

                attributes["output"] = Text(p, "value") ?? "test_string";
                _deleteWaits[id] = Seconds(p, "action_wait_secs", "delete") ?? TimeSpan.Zero;
                break;
            case "OS::Heat::SoftwareConfig" or "OS::Heat::StructuredConfig":
                attributes["config"] = p.TryGetProperty("config", out var config) ? JsonNode.Parse(config.GetRawText()) : null;
                break;
            case "OS::Heat::CloudConfig":
                attributes["config"] = ConfigText.CloudConfig(p);
                break;
            case "OS::Heat::MultipartMime":
                attributes["config"] = ConfigText.Multipart(p, id);
                break;
            case "OS::Heat::WaitConditionHandle":
                return current ?? Handle(spec, id);
            case "OS::Heat::WaitCondition":
                if (current is not null)
                {
                    return current with { Properties = p };
                }

                var handle = Text(p, "handle") ?? throw new DriverException($"wait condition {spec.LogicalName}", null, "no handle", false);
                var count = p.TryGetProperty("count", out var c) && c.TryInteger(out var n) ? n : 1;
                var timeout = p.TryGetProperty("timeout", out var t) && t.TryNumber(out var secs) ? secs : 3600;
                // Waiting for signals holds no slot (CallSlot): any number of wait conditions can wait at once.
                Dictionary<string, object?> data = [];
                await CallSlot.WaitAsync(async ct => data = await signals.WaitAsync(spec.LogicalName, handle, count,
                    TimeSpan.FromSeconds(timeout), time, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                attributes["data"] = Values.ToJson(data);
                break;
            case "OS::Heat::ScalingPolicy":
                var url = options.SignalUrlFor(spec.Stack, spec.LogicalName);
                attributes["alarm_url"] = url;
                attributes["signal_url"] = url;
                break;
        }

        if (DeploymentResources.IsConfig(spec.Type))
        {
            _deployments.RegisterConfig(spec, id, attributes["config"]);
        }

        return new ResourceSnapshot(id, JsonSerializer.SerializeToElement(attributes), p);
    }

    private ResourceSnapshot Handle(ResourceSpec spec, string id)
    {
        var token = System.Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var endpoint = options.SignalUrlFor(spec.Stack, spec.LogicalName);
        var attributes = new JsonObject
        {
            ["token"] = token,
            ["endpoint"] = endpoint,
            ["curl_cli"] = $"curl -i -X POST -H 'X-Auth-Token: {token}' -H 'Content-Type: application/json' " +
                $"-H 'Accept: application/json' {endpoint}",
            ["signal"] = new JsonObject { ["signal_url"] = endpoint, ["token"] = token }.ToJsonString(),
        };
        return new ResourceSnapshot(id, JsonSerializer.SerializeToElement(attributes), spec.Properties);
    }

    private async Task TestResourceAsync(ResourceSpec spec, string action, CancellationToken cancellationToken)
    {
        var p = spec.Properties;
        var wait = Seconds(p, "action_wait_secs", action) ?? (p.TryGetProperty("wait_secs", out var w) &&
            w.TryNumber(out var ws) ? TimeSpan.FromSeconds(ws) : TimeSpan.Zero);
        if (p.TryGetProperty("attr_wait_secs", out var aw) && aw.TryNumber(out var aws) && aws > 0)
        {
            wait += TimeSpan.FromSeconds(aws);
        }

        if (wait > TimeSpan.Zero)
        {
            await CallSlot.DelayAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }

        if (Bool(p, "fail"))
        {
            throw new DriverException($"OS::Heat::TestResource {spec.LogicalName} {action}", null,
                "Test Resource failed (fail: true)", false);
        }
    }

    // OS::Heat::Value: the value, converted to its declared type.
    private static JsonElement Convert(JsonElement p)
    {
        var value = p.TryGetProperty("value", out var v) ? v : default;
        var type = Text(p, "type");
        object? converted = (type, value.ValueKind) switch
        {
            ("string", not JsonValueKind.String and not JsonValueKind.Undefined) => value.ValueKind == JsonValueKind.Number
                ? value.GetRawText() : Values.ToText(Values.FromJson(value)),
            ("number", JsonValueKind.String) when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) =>
                d % 1 == 0 ? (long)d : d,
            ("boolean", JsonValueKind.String) => string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase),
            ("comma_delimited_list", JsonValueKind.String) => value.GetString()!.Split(',').Select(s => (object?)s.Trim()).ToList(),
            ("json", JsonValueKind.String) => TryParse(value.GetString()!),
            _ => value.ValueKind == JsonValueKind.Undefined ? null : Values.FromJson(value),
        };
        return JsonDocument.Parse(Values.ToJson(converted)).RootElement.Clone();
    }

    private static object? TryParse(string text)
    {
        try
        {
            return Values.FromJson(JsonDocument.Parse(text).RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static TimeSpan? Seconds(JsonElement p, string map, string key) =>
        p.TryGetProperty(map, out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty(key, out var v) &&
        v.TryNumber(out var s) ? TimeSpan.FromSeconds(s) : null;

    private static string? Text(JsonElement p, string name) =>
        p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    private static bool Bool(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.True ||
            (v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
}
