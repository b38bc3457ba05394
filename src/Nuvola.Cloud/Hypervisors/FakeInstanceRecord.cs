namespace Nuvola.Cloud.Hypervisors;

/// <summary>One fake instance: its power state and what it has printed on its console.</summary>
public sealed record FakeInstanceRecord(string Id, string Name, PowerState State, IReadOnlyList<string> Console);
