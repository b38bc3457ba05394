using Nuvola.Cloud.Compute.Microversions;

namespace Nuvola.Cloud.Compute.Versions;

/// <summary>The range of compute microversions announced in version discovery: the one negotiation accepts.</summary>
public static class ComputeApiVersions
{
    public static string MinVersion => Microversion.Min.ToString();

    public static string MaxVersion => Microversion.Max.ToString();
}
