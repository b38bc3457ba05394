namespace Nuvola.Cloud.Hosting;

/// <summary>How one embedded cloud is run: where it listens, where it keeps its state, which profile it loads.</summary>
public sealed record CloudOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Directory for the SQLite state, image data, clouds.yaml and openrc files.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Profile loaded at first start on top of the default one (e.g. "fg-cloud").</summary>
    public string? Profile { get; init; }

    /// <summary>Admin password; generated at first start when null.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>Demo user's password; generated at first start when null.</summary>
    public string? DemoPassword { get; init; }

    /// <summary>How long a fake server stays in BUILD before it becomes ACTIVE.</summary>
    public TimeSpan BuildDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Servers whose name contains this marker fail to build (ERROR): failure injection for tests.</summary>
    public string? FailBuildMarker { get; init; } = "fail-build";

    /// <summary>What runs the instances: "fake" (nothing runs; the default) or "namespace" (Linux namespaces, root only).</summary>
    public string Hypervisor { get; init; } = "fake";

    /// <summary>
    /// Namespace hypervisor: give the host an interface on the external network (PREFIX-ext, the external subnet's
    /// gateway address) when that subnet does not overlap the host's own networks. False: the host's interfaces are never
    /// touched; the gateway address is in the cloud's namespace PREFIX-access and floating IPs are reached with
    /// `nuvola cloud proxy`.
    /// </summary>
    public bool HostInterface { get; init; } = true;

    /// <summary>PBKDF2-SHA512 iterations for password hashes.</summary>
    public int PasswordIterations { get; init; } = 210_000;

    /// <summary>Lifetime of an issued token.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Largest request body accepted (bytes); image uploads are streamed and not bound by this.</summary>
    public long MaxRequestBodySize { get; init; } = 114_688;

    /// <summary>Write one log line per request.</summary>
    public bool LogRequests { get; init; } = true;
}
