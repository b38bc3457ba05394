namespace Nuvola.Drivers.OpenStack;

/// <summary>How long the driver waits for objects to become ready or gone, and how often it looks.</summary>
public sealed record OpenStackDriverOptions
{
    /// <summary>A server's build (ACTIVE or ERROR) and a volume's creation (available).</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>A delete until the object reads 404.</summary>
    public TimeSpan DeleteTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>First interval between polls; doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
