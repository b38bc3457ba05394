using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Orchestration;

/// <summary>Heat's records in the cloud's storage: stacks by id. Names are unique per project (checked under the lock).</summary>
public sealed class HeatStore(StateStore store)
{
    public Collection<HeatStackRecord> Stacks { get; } = store.Collection<HeatStackRecord>("orchestration.stack");

    /// <summary>A project's stack by name or id (a nested stack too: <see cref="NestedStacks"/>), or null.</summary>
    public HeatStackRecord? Find(string projectId, string nameOrId) =>
        Stacks.Find(nameOrId) is { } byId && byId.ProjectId == projectId
            ? byId
            : Stacks.Values.FirstOrDefault(s => s.ProjectId == projectId && s.Name == nameOrId) ?? NestedStacks.Find(this, projectId, nameOrId);
}
