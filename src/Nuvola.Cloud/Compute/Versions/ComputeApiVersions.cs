namespace Nuvola.Cloud.Compute.Versions;

/// <summary>
/// The range of compute microversions the cloud announces in version discovery.
/// Max follows the servers engineer's microversion support (Compute/Microversions/).
/// </summary>
public static class ComputeApiVersions
{
    public static readonly string MinVersion = Microversions.Microversion.Min.ToString();

    public static readonly string MaxVersion = Microversions.Microversion.Max.ToString();
}
