using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Storage;
using Nuvola.Engine.State;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// Heat's records in the cloud's storage: stacks by id. Names are unique per project (checked under the lock).
/// A stack's record holds its parameters, environment and files, hidden parameters among them, so it is written
/// sealed with the orchestration state's key (DATA_DIR/orchestration/state.key, mode 600, or NUVOLA_STATE_KEY).
/// </summary>
public sealed class HeatStore(StateStore store, CloudOptions options)
{
    private const string Kind = "orchestration.stack";

    public Collection<HeatStackRecord> Stacks { get; } = store.Collection<HeatStackRecord>(
        Kind, SealedJson.For<HeatStackRecord>(StateKey.Load(Path.Combine(options.DataDirectory, HeatEngine.Directory, StateKey.FileName)), Kind));

    /// <summary>A project's stack by name or id (a nested stack too: <see cref="NestedStacks"/>), or null.</summary>
    public HeatStackRecord? Find(string projectId, string nameOrId) =>
        Stacks.Find(nameOrId) is { } byId && byId.ProjectId == projectId
            ? byId
            : Stacks.Values.FirstOrDefault(s => s.ProjectId == projectId && s.Name == nameOrId) ?? NestedStacks.Find(this, projectId, nameOrId);
}
