namespace Nuvola.Cloud.Hypervisors;

/// <summary>Nova's power states, with their wire numbers (OS-EXT-STS:power_state).</summary>
public enum PowerState
{
    NoState = 0,
    Running = 1,
    Paused = 3,
    Shutdown = 4,
    Crashed = 6,
    Suspended = 7,
}
