namespace Nuvola.Cloud.Compute.Versions;

/// <summary>
/// The range of compute microversions the cloud announces in version discovery.
/// Max follows the servers engineer's microversion support (Compute/Microversions/).
/// </summary>
public static class ComputeApiVersions
{
    public const string MinVersion = "2.1";

    public const string MaxVersion = "2.93";
}
