namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>The service types the driver calls, with the catalog aliases each may appear under and the API version
/// path used when the catalog endpoint is unversioned.</summary>
public static class ServiceTypes
{
    public const string Identity = "identity";
    public const string Compute = "compute";
    public const string Network = "network";
    public const string Image = "image";
    public const string Volume = "block-storage";

    internal static IReadOnlyList<string> Aliases(string service) => service switch
    {
        Volume => [Volume, "volumev3", "volume"],
        _ => [service],
    };

    /// <summary>The major API version the driver speaks to each service ("v2.0" for Neutron).</summary>
    internal static string VersionPath(string service) => service switch
    {
        Identity => "v3",
        Compute => "v2.1",
        Network => "v2.0",
        Image => "v2",
        Volume => "v3",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "unknown service type"),
    };

    /// <summary>The microversion header's service name (OpenStack-API-Version: compute 2.79), or null.</summary>
    internal static string? MicroversionName(string service) => service switch
    {
        Compute => "compute",
        Volume => "volume",
        _ => null,
    };
}
