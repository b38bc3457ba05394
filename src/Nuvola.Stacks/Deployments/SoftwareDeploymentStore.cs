using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nuvola.Stacks.Deployments;

/// <summary>
/// Heat's software configs and deployments, kept in memory and shared by every stack of one service (the Heat API
/// shares one between all its stacks, so that deployments in one stack reach a server made by another). A server's
/// metadata lists the derived configs of its deployments; <see cref="Signal"/> or <see cref="Update"/> ends a
/// deployment and wakes whoever waits on it (<see cref="WaitAsync"/>). Thread-safe.
/// </summary>
public sealed class SoftwareDeploymentStore
{
    private readonly ConcurrentDictionary<string, SoftwareConfigRecord> _configs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SoftwareDeploymentRecord> _deployments = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<SoftwareConfigRecord> Configs => [.. _configs.Values];

    public IReadOnlyCollection<SoftwareDeploymentRecord> Deployments => [.. _deployments.Values];

    public SoftwareConfigRecord? FindConfig(string id) => _configs.TryGetValue(id, out var c) ? c : null;

    public void PutConfig(SoftwareConfigRecord config) => _configs[config.Id] = config;

    public bool RemoveConfig(string id) => _configs.TryRemove(id, out _);

    public SoftwareDeploymentRecord? Find(string id) => _deployments.TryGetValue(id, out var d) ? d : null;

    /// <summary>A server's deployments (of one project when <paramref name="project"/> is given), oldest first.</summary>
    public IReadOnlyList<SoftwareDeploymentRecord> ForServer(string serverId, string? project = null) =>
        [.. _deployments.Values.Where(d => d.ServerId == serverId && (project is null || d.Project is null || d.Project == project))
            .OrderBy(d => d.CreationTime).ThenBy(d => d.Id, StringComparer.Ordinal)];

    public void Put(SoftwareDeploymentRecord deployment)
    {
        _deployments[deployment.Id] = deployment;
        Changed();
    }

    public bool Remove(string id)
    {
        var removed = _deployments.TryRemove(id, out _);
        Changed();
        return removed;
    }

    /// <summary>
    /// The server's metadata key "deployments": each deployment's derived config (id, name, group, inputs with their
    /// values, config, options, outputs, creation_time, updated_time), sorted by name as Heat lists them.
    /// </summary>
    public JsonArray Metadata(string serverId, string? project = null) =>
        new([.. ForServer(serverId, project).OrderBy(d => d.Derived.Name, StringComparer.Ordinal)
            .Select(d => (JsonNode)ConfigJson(d.Derived, d.UpdatedTime))]);

    /// <summary>A config as Heat's API and metadata show it.</summary>
    public static JsonObject ConfigJson(SoftwareConfigRecord config, DateTimeOffset? updated = null) => new()
    {
        ["id"] = config.Id,
        ["name"] = config.Name,
        ["group"] = config.Group,
        ["inputs"] = Node(config.Inputs) ?? new JsonArray(),
        ["outputs"] = Node(config.Outputs) ?? new JsonArray(),
        ["options"] = Node(config.Options) ?? new JsonObject(),
        ["config"] = Node(config.Config) ?? JsonValue.Create(string.Empty),
        ["creation_time"] = Time(config.CreationTime),
        ["updated_time"] = updated is { } u ? Time(u) : null,
    };

    /// <summary>A deployment as the software_deployments API shows it.</summary>
    public static JsonObject DeploymentJson(SoftwareDeploymentRecord d) => new()
    {
        ["id"] = d.Id,
        ["config_id"] = d.ConfigId,
        ["server_id"] = d.ServerId,
        ["input_values"] = Node(d.InputValues) ?? new JsonObject(),
        ["output_values"] = Node(d.OutputValues),
        ["action"] = d.Action,
        ["status"] = d.Status,
        ["status_reason"] = d.StatusReason,
        ["creation_time"] = Time(d.CreationTime),
        ["updated_time"] = d.UpdatedTime is { } u ? Time(u) : null,
    };

    /// <summary>
    /// Heat's signal_software_deployment: a deployment IN_PROGRESS takes the outputs (deploy_stdout, deploy_stderr,
    /// deploy_status_code and the config's declared outputs); a non-zero deploy_status_code or a present
    /// error_output makes it FAILED, else COMPLETE ("Outputs received"). False when there is no such deployment;
    /// a signal to a finished one is ignored (true).
    /// </summary>
    public bool Signal(string id, JsonElement details, DateTimeOffset now)
    {
        lock (_sync)
        {
            if (Find(id) is not { } d)
            {
                return false;
            }

            if (d.Status != "IN_PROGRESS")
            {
                return true;
            }

            var values = Node(d.OutputValues) as JsonObject ?? new JsonObject();
            var reasons = new List<string>();
            var got = details.ValueKind == JsonValueKind.Object ? details : default;
            JsonNode? Read(string name) => got.ValueKind == JsonValueKind.Object && got.TryGetProperty(name, out var v) ? Node(v) : null;
            bool Has(string name) => got.ValueKind == JsonValueKind.Object && got.TryGetProperty(name, out _);
            var code = Read("deploy_status_code");
            var codeText = code is JsonValue cv && cv.TryGetValue<string>(out var cs) ? cs : code?.ToJsonString();
            if (code is not null && codeText is not ("0" or "" or "null"))
            {
                reasons.Add($"deploy_status_code : Deployment exited with non-zero status code: {codeText}");
            }

            if (d.Derived.Outputs is { ValueKind: JsonValueKind.Array } outputs)
            {
                foreach (var output in outputs.EnumerateArray())
                {
                    if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var n) || n.GetString() is not { } name || !Has(name))
                    {
                        continue;
                    }

                    values[name] = Read(name);
                    if (output.TryGetProperty("error_output", out var e) && e.ValueKind == JsonValueKind.True)
                    {
                        reasons.Add($"{name} : {Read(name)?.ToString()}");
                    }
                }
            }

            foreach (var name in new[] { "deploy_stdout", "deploy_stderr", "deploy_status_code" })
            {
                values[name] = Read(name);
            }

            Put(d with
            {
                OutputValues = JsonSerializer.SerializeToElement(values),
                Status = reasons.Count > 0 ? "FAILED" : "COMPLETE",
                StatusReason = reasons.Count > 0 ? string.Join(", ", reasons) : "Outputs received",
                UpdatedTime = now,
            });
            return true;
        }
    }

    /// <summary>Changes a deployment under the store's lock (status updates through the API, cancellation).</summary>
    public SoftwareDeploymentRecord? Update(string id, Func<SoftwareDeploymentRecord, SoftwareDeploymentRecord> change)
    {
        lock (_sync)
        {
            if (Find(id) is not { } d)
            {
                return null;
            }

            var next = change(d);
            Put(next);
            return next;
        }
    }

    /// <summary>Waits until the deployment is COMPLETE or FAILED (or gone: null).</summary>
    public async Task<SoftwareDeploymentRecord?> WaitAsync(string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                changed = _changed.Task;
            }

            if (Find(id) is not { } d || d.Finished)
            {
                return Find(id);
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Changed()
    {
        lock (_sync)
        {
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static JsonNode? Node(JsonElement? e) =>
        e is { } v && v.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) ? JsonNode.Parse(v.GetRawText()) : null;

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z";
}
