namespace Nuvola.Cloud.Hypervisors;

/// <summary>One fake instance: its power state, what it has printed on its console, and the volumes plugged into it.</summary>
public sealed record FakeInstanceRecord(string Id, string Name, PowerState State, IReadOnlyList<string> Console)
{
    public IReadOnlyList<InstanceVolume> Volumes { get; init; } = [];
}
