namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>Tuning of an <see cref="OpenStackSession"/>; the defaults suit a real cloud.</summary>
public sealed record OpenStackSessionOptions
{
    /// <summary>The compute microversion asked for (lowered to what the cloud supports).</summary>
    public ApiVersion ComputeMicroversion { get; init; } = new(2, 79);

    /// <summary>The block storage microversion asked for (lowered to what the cloud supports).</summary>
    public ApiVersion VolumeMicroversion { get; init; } = new(3, 60);

    /// <summary>Time limit of one HTTP call.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>A token is renewed this long before it expires.</summary>
    public TimeSpan RenewBeforeExpiry { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Replaces the HTTP handler (tests, in-process hosting); the session then ignores cacert/verify.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
