using System.Collections.Concurrent;
using Nuvola.Cloud.Hosting;
using Nuvola.Drivers.OpenStack;
using Nuvola.Engine.Applying;
using Nuvola.Engine.State;
using Nuvola.Stacks;
using Nuvola.Stacks.Deployments;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// The Heat API's engine: one SQLite state store under DATA_DIR/orchestration (nuvola-state.db, its key beside it),
/// one <see cref="StackService"/> per engine stack (its signals and group capacities live there), whose OpenStack
/// driver calls this cloud's own public URL with the token of the caller that started the operation. One limiter
/// pool for every stack, so that the cloud is bounded as a whole.
/// </summary>
public sealed class HeatEngine : IOrchestrationEngine, IAsyncDisposable
{
    public const string Directory = "orchestration";

    private readonly ConcurrentDictionary<string, Entry> _stacks = new(StringComparer.Ordinal);
    private readonly PublicUrls _urls;
    private readonly HeatStore _heat;
    private readonly Lazy<SqliteStateStore> _state;

    public HeatEngine(CloudOptions options, PublicUrls urls, HeatStore heat)
    {
        _urls = urls;
        _heat = heat;
        _state = new Lazy<SqliteStateStore>(() => SqliteStateStore.Open(Path.Combine(options.DataDirectory, Directory)));
    }

    public IStateStore State => _state.Value;

    /// <summary>Software configs and deployments of every stack and of the software_* API (one store: a deployment in
    /// one stack reaches a server made by another, as in Heat).</summary>
    public SoftwareDeploymentStore Deployments { get; } = new();

    /// <summary>The presigned URL a CFN_SIGNAL/TEMP_URL_SIGNAL deployment is signalled at (no auth; the token is the
    /// proof, in the query, which the request log leaves out).</summary>
    public string DeploymentSignalUrl(string deploymentId, string token) =>
        $"{_urls.BaseUrl ?? "http://127.0.0.1"}{DeploymentSignalPath}/{deploymentId}?token={token}";

    /// <summary>The path under which deployments are signalled (Heat's CFN-signed URLs' counterpart).</summary>
    public const string DeploymentSignalPath = "/heat-api-cfn/v1/signal/deployments";

    public IStackService ForStack(string engineKey, string token)
    {
        var entry = _stacks.GetOrAdd(engineKey, key =>
        {
            var drivers = new CallerDrivers(() => (_urls.BaseUrl ?? "http://127.0.0.1") + "/identity");
            var service = new StackService(State, drivers, new StackServiceOptions
            {
                CheckConstraint = (constraint, value, ct) => drivers.Current?.CheckConstraintAsync(constraint, value, ct) ?? ValueTask.FromResult<string?>(null),
                CloudSchemas = new OpenStackTypeSchemas(),
                SignalUrl = (stack, resource) => SignalUrl(stack, resource),
                SoftwareDeployments = Deployments,
                DeploymentSignalUrl = DeploymentSignalUrl,
                StackIdentifier = stack => _heat.Stacks.Values.FirstOrDefault(s => s.EngineKey == stack) is { } r ? $"{r.Name}/{r.Id}" : stack,
                ProjectOf = stack => _heat.Stacks.Values.FirstOrDefault(s => s.EngineKey == stack)?.ProjectId,
                AuthUrl = (_urls.BaseUrl ?? "http://127.0.0.1") + "/identity/v3",
                Holder = "heat-api",
                CheckCloud = name => $"the Heat API deploys on its own cloud only (context.cloud '{name}' is a nuvola deploy extension)",
            });
            return new Entry(service, drivers);
        });
        entry.Drivers.Use(token);
        return entry.Service;
    }

    public void Forget(string engineKey)
    {
        if (_stacks.TryRemove(engineKey, out var entry))
        {
            entry.Drivers.Dispose();
        }
    }

    private string SignalUrl(string engineKey, string resource)
    {
        var stack = _heat.Stacks.Values.FirstOrDefault(s => s.EngineKey == engineKey);
        var prefix = (_urls.BaseUrl ?? "http://127.0.0.1") + "/heat-api/v1/" + stack?.ProjectId;
        return stack is null
            ? $"{prefix}/stacks/{Uri.EscapeDataString(engineKey)}/resources/{Uri.EscapeDataString(resource)}/signal"
            : $"{prefix}/stacks/{Uri.EscapeDataString(stack.Name)}/{stack.Id}/resources/{Uri.EscapeDataString(resource)}/signal";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _stacks.Values)
        {
            entry.Drivers.Dispose();
        }

        _stacks.Clear();
        if (_state.IsValueCreated)
        {
            await _state.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record Entry(StackService Service, CallerDrivers Drivers);

    /// <summary>The OpenStack driver of one stack, re-made when a caller with another token starts an operation.</summary>
    private sealed class CallerDrivers(Func<string> authUrl) : IDriverRegistry, IDisposable
    {
        private readonly Lock _sync = new();
        private string? _token;

        public OpenStackDriver? Current { get; private set; }

        // One cloud (this one, with the caller's token): the unnamed target of every resource of the Heat API's stacks.
        public IResourceDriver? Find(string? cloud, string type) =>
            cloud is null && Current is { } driver && driver.Supports(type) ? driver : null;

        public Task<string?> CheckAsync(string? cloud, string type, CancellationToken cancellationToken = default) =>
            Task.FromResult(cloud is null ? null : $"the Heat API deploys on its own cloud only, not on '{cloud}'");

        public void Use(string token)
        {
            lock (_sync)
            {
                if (token == _token && Current is not null)
                {
                    return;
                }

                _token = token;
                Current = OpenStackDriver.FromToken(authUrl(), token);
            }
        }

        public void Dispose()
        {
            lock (_sync)
            {
                Current?.Dispose();
                Current = null;
            }
        }
    }
}
