using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;
using Nuvola.Stacks.Deployments;

namespace Nuvola.Stacks.Internal;

/// <summary>
/// OS::Heat::SoftwareDeployment and OS::Heat::SoftwareDeployments (alias SoftwareDeploymentGroup), and their structured
/// kin OS::Heat::StructuredDeployment/StructuredDeployments/StructuredDeploymentGroup, in the internal driver, as Heat
/// runs them: the config (by id, from <see cref="SoftwareDeploymentStore"/>) is derived with every
/// input's value and the deploy_* inputs, recorded as a deployment on the server (the server's metadata lists it),
/// and the resource waits, holding no slot, until the deployment is signalled (CFN_SIGNAL, TEMP_URL_SIGNAL,
/// HEAT_SIGNAL) or at once with NO_SIGNAL. A FAILED deployment fails the resource ("Deployment to server failed: …");
/// a cancelled wait (the stack's timeout) marks it FAILED. The config types register their configs in the store. A
/// structured deployment's derived config is the source config with every <c>{input_key: NAME}</c> (default
/// get_input) replaced by that input's value (deploy_* inputs included); with input_values_validate STRICT an input
/// that has no value fails the deployment ("The Parameter (NAME) was not provided."), with LAX (default) it is null.
/// </summary>
internal sealed class DeploymentResources(SoftwareDeploymentStore store, TimeProvider time, StackServiceOptions options)
{
    public static bool IsDeployment(string type) => type is "OS::Heat::SoftwareDeployment" or "OS::Heat::SoftwareDeployments"
        or "OS::Heat::SoftwareDeploymentGroup" || IsStructured(type);

    /// <summary>A structured deployment: its derived config has the input values put in place of {get_input: NAME}.</summary>
    public static bool IsStructured(string type) => type is "OS::Heat::StructuredDeployment" or "OS::Heat::StructuredDeployments"
        or "OS::Heat::StructuredDeploymentGroup";

    /// <summary>One server (property server) rather than a map of them (property servers).</summary>
    private static bool IsSingle(string type) => type is "OS::Heat::SoftwareDeployment" or "OS::Heat::StructuredDeployment";

    public static bool IsConfig(string type) => type is "OS::Heat::SoftwareConfig" or "OS::Heat::StructuredConfig"
        or "OS::Heat::CloudConfig" or "OS::Heat::MultipartMime";

    /// <summary>Records a config resource in the store (Heat keeps every config in its software_configs table).</summary>
    public void RegisterConfig(ResourceSpec spec, string id, JsonNode? configText)
    {
        var p = spec.Properties;
        store.PutConfig(new SoftwareConfigRecord
        {
            Id = id,
            Name = $"{spec.Stack}-{spec.LogicalName}",
            Group = Text(p, "group") ?? "Heat::Ungrouped",
            Config = configText is null ? null : JsonSerializer.SerializeToElement(configText),
            Inputs = Element(p, "inputs"),
            Outputs = Element(p, "outputs"),
            Options = Element(p, "options"),
            Project = options.ProjectOf?.Invoke(spec.Stack),
            CreationTime = time.GetUtcNow(),
        });
    }

    public async Task<ResourceSnapshot> RunAsync(ResourceSpec spec, ResourceSnapshot? current, string action,
        CancellationToken cancellationToken)
    {
        var p = spec.Properties;
        var owner = current?.PhysicalId ?? Guid.NewGuid().ToString();
        var heatAction = action == "create" ? "CREATE" : "UPDATE";
        var actions = p.TryGetProperty("actions", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.GetString()).ToHashSet(StringComparer.Ordinal)
            : ["CREATE", "UPDATE"];
        var single = IsSingle(spec.Type);
        var servers = single
            ? [new KeyValuePair<string, string?>(spec.LogicalName, Text(p, "server"))]
            : p.TryGetProperty("servers", out var s) && s.ValueKind == JsonValueKind.Object
                ? s.EnumerateObject().Select(x => new KeyValuePair<string, string?>(x.Name, x.Value.ValueKind == JsonValueKind.String ? x.Value.GetString() : x.Value.GetRawText())).ToList()
                : [];
        var previous = Members(current);
        var members = new JsonObject();
        var started = new List<(string Key, string Id)>();
        foreach (var (key, server) in servers)
        {
            var id = single ? owner : previous.TryGetValue(key, out var known) ? known : Guid.NewGuid().ToString();
            members[key] = id;
            if (server is null || !actions.Contains(heatAction))
            {
                continue;
            }

            Deploy(spec, id, owner, single ? spec.LogicalName : key, server, heatAction);
            started.Add((key, id));
        }

        foreach (var (key, id) in previous.Where(m => !members.ContainsKey(m.Key)))
        {
            store.Remove(id);
        }

        var results = new Dictionary<string, SoftwareDeploymentRecord?>(StringComparer.Ordinal);
        await CallSlot.WaitAsync(async ct =>
        {
            foreach (var (key, id) in started)
            {
                results[key] = await WaitAsync(spec, id, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        return new ResourceSnapshot(owner, Attributes(single, members, results), p);
    }

    public void Delete(string physicalId)
    {
        store.Remove(physicalId);
        foreach (var d in store.Deployments.Where(d => d.Owner == physicalId))
        {
            store.Remove(d.Id);
        }
    }

    private void Deploy(ResourceSpec spec, string id, string owner, string resourceName, string server, string action)
    {
        var p = spec.Properties;
        var configId = Text(p, "config") ?? string.Empty;
        var source = store.FindConfig(configId);
        var transport = Text(p, "signal_transport") ?? options.DefaultSignalTransport;
        var existing = store.Find(id);
        var token = existing?.SignalToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var values = p.TryGetProperty("input_values", out var iv) && iv.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(iv.GetRawText())!.AsObject() : new JsonObject();
        var inputs = new JsonArray();
        var given = values.DeepClone().AsObject();
        if (source?.Inputs is { ValueKind: JsonValueKind.Array } declared)
        {
            foreach (var input in declared.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var node = JsonNode.Parse(input.GetRawText())!.AsObject();
                var name = node["name"]?.ToString() ?? string.Empty;
                node["type"] ??= "String";
                node["value"] = given.Remove(name, out var v) ? v : node["default"]?.DeepClone();
                inputs.Add(node);
            }
        }

        foreach (var (name, value) in given.ToList())
        {
            given.Remove(name);
            inputs.Add(new JsonObject { ["name"] = name, ["type"] = "String", ["value"] = value });
        }

        void Add(string name, string description, string? value) =>
            inputs.Add(new JsonObject { ["name"] = name, ["description"] = description, ["type"] = "String", ["value"] = value });
        var stackId = options.StackIdentifier?.Invoke(spec.Stack) ?? spec.Stack;
        Add("deploy_server_id", "ID of the server being deployed to", server);
        Add("deploy_action", "Name of the current action being deployed", action);
        Add("deploy_stack_id", "ID of the stack this deployment belongs to", stackId);
        Add("deploy_resource_name", "Name of this deployment resource in the stack", resourceName);
        Add("deploy_signal_transport", "How the server should signal to heat with the deployment output values.", transport);
        switch (transport)
        {
            case "CFN_SIGNAL":
                Add("deploy_signal_id", "ID of signal to use for signaling output values", SignalUrl(spec, resourceName, id, token));
                break;
            case "TEMP_URL_SIGNAL":
                Add("deploy_signal_id", "ID of signal to use for signaling output values", SignalUrl(spec, resourceName, id, token));
                Add("deploy_signal_verb", "HTTP verb to use for signaling output values", "PUT");
                break;
            case "HEAT_SIGNAL" or "ZAQAR_SIGNAL":
                Add("deploy_auth_url", "URL for API authentication", options.AuthUrl);
                Add("deploy_project_id", "ID of project for API authentication", options.ProjectOf?.Invoke(spec.Stack));
                break;
        }

        var config = source?.Config;
        if (IsStructured(spec.Type) && config is { } structured)
        {
            config = SubstituteInputs(spec, structured, inputs, Text(p, "input_key") ?? "get_input",
                Text(p, "input_values_validate") == "STRICT");
        }

        var now = time.GetUtcNow();
        var derived = new SoftwareConfigRecord
        {
            Id = Guid.NewGuid().ToString(),
            Name = Text(p, "name") ?? source?.Name ?? $"{spec.Stack}-{resourceName}",
            Group = source?.Group ?? "Heat::Ungrouped",
            Config = config,
            Inputs = JsonSerializer.SerializeToElement(inputs),
            Outputs = source?.Outputs,
            Options = source?.Options,
            Project = options.ProjectOf?.Invoke(spec.Stack),
            CreationTime = now,
        };
        var none = transport == "NO_SIGNAL";
        store.Put(new SoftwareDeploymentRecord
        {
            Id = id,
            Owner = owner,
            ServerId = server,
            ConfigId = configId,
            Derived = derived,
            InputValues = JsonSerializer.SerializeToElement(values),
            OutputValues = existing?.OutputValues,
            Action = action,
            Status = none ? "COMPLETE" : "IN_PROGRESS",
            StatusReason = none ? "Not waiting for outputs signal" : "Deploy data available",
            Project = derived.Project,
            Stack = spec.Stack,
            Resource = spec.LogicalName,
            ResourceName = resourceName,
            SignalTransport = transport,
            SignalToken = token,
            CreationTime = existing?.CreationTime ?? now,
            UpdatedTime = existing is null ? null : now,
        });
    }

    /// <summary>The structured config with each <c>{key: NAME}</c> (a one-key map whose value is a string) replaced by the input's value.</summary>
    private static JsonElement SubstituteInputs(ResourceSpec spec, JsonElement config, JsonArray inputs, string key, bool strict)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var input in inputs.OfType<JsonObject>())
        {
            values[input["name"]?.ToString() ?? string.Empty] = input["value"];
        }

        JsonNode? Replace(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject map when InputName(map, key) is { } input:
                    if (values.TryGetValue(input, out var given))
                    {
                        return given?.DeepClone();
                    }

                    return strict
                        ? throw new DriverException($"{spec.Type} {spec.LogicalName}", null, $"The Parameter ({input}) was not provided.", false)
                        : null;
                case JsonObject map:
                    var copy = new JsonObject();
                    foreach (var (name, item) in map)
                    {
                        copy[name] = Replace(item);
                    }

                    return copy;
                case JsonArray list:
                    return new JsonArray([.. list.Select(Replace)]);
                default:
                    return node?.DeepClone();
            }
        }

        return JsonSerializer.SerializeToElement(Replace(JsonNode.Parse(config.GetRawText())));
    }

    /// <summary>NAME when the map is exactly <c>{key: NAME}</c>, else null.</summary>
    private static string? InputName(JsonObject map, string key) =>
        map.Count == 1 && map[key] is JsonValue argument && argument.TryGetValue<string>(out var name) ? name : null;

    private string SignalUrl(ResourceSpec spec, string resourceName, string id, string token) =>
        options.DeploymentSignalUrl?.Invoke(id, token) ?? options.SignalUrlFor(spec.Stack, resourceName);

    private async Task<SoftwareDeploymentRecord?> WaitAsync(ResourceSpec spec, string id, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(options.SoftwareDeploymentTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        SoftwareDeploymentRecord? done;
        try
        {
            done = await store.WaitAsync(id, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var timedOut = limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            var reason = timedOut
                ? $"Deployment timed out after {options.SoftwareDeploymentTimeout.TotalSeconds:0.#} s without a signal"
                : "Deployment cancelled.";
            store.Update(id, d => d.Finished ? d : d with { Status = "FAILED", StatusReason = reason, UpdatedTime = time.GetUtcNow() });
            if (!timedOut)
            {
                throw;
            }

            throw new DriverException($"{spec.Type} {spec.LogicalName}", null, $"Deployment to server failed: {reason}", false);
        }

        if (done is { Status: "FAILED" })
        {
            throw new DriverException($"{spec.Type} {spec.LogicalName}", null, $"Deployment to server failed: {done.StatusReason}", false);
        }

        return done;
    }

    private static JsonElement Attributes(bool single, JsonObject members, Dictionary<string, SoftwareDeploymentRecord?> results)
    {
        var attributes = new JsonObject { ["deployments"] = members.DeepClone() };
        JsonObject Outputs(SoftwareDeploymentRecord? d) => d?.OutputValues is { ValueKind: JsonValueKind.Object } o
            ? JsonNode.Parse(o.GetRawText())!.AsObject() : new JsonObject();
        string[] standard = ["deploy_stdout", "deploy_stderr", "deploy_status_code"];
        if (single)
        {
            var outputs = Outputs(results.Values.FirstOrDefault());
            foreach (var name in standard)
            {
                attributes[name] = outputs[name]?.DeepClone();
            }

            foreach (var (name, value) in outputs)
            {
                attributes[name] = value?.DeepClone();
            }

            return JsonSerializer.SerializeToElement(attributes);
        }

        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var name in standard)
        {
            byName[name] = new JsonObject();
        }

        foreach (var (key, _) in members)
        {
            var outputs = Outputs(results.GetValueOrDefault(key));
            foreach (var name in standard.Concat(outputs.Select(o => o.Key)).Distinct())
            {
                (byName.TryGetValue(name, out var map) ? map : byName[name] = new JsonObject())[key] = outputs[name]?.DeepClone();
            }
        }

        attributes["deploy_stdouts"] = byName["deploy_stdout"];
        attributes["deploy_stderrs"] = byName["deploy_stderr"];
        attributes["deploy_status_codes"] = byName["deploy_status_code"];
        foreach (var (name, map) in byName.Where(b => !standard.Contains(b.Key)))
        {
            attributes[name] = map;
        }

        return JsonSerializer.SerializeToElement(attributes);
    }

    private static Dictionary<string, string> Members(ResourceSnapshot? current) =>
        current?.Attributes is { ValueKind: JsonValueKind.Object } attributes && attributes.TryGetProperty("deployments", out var m) &&
        m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().Where(x => x.Value.ValueKind == JsonValueKind.String).ToDictionary(x => x.Name, x => x.Value.GetString()!, StringComparer.Ordinal)
            : [];

    private static JsonElement? Element(JsonElement p, string name) =>
        p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.Clone() : null;

    private static string? Text(JsonElement p, string name) =>
        p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;
}
