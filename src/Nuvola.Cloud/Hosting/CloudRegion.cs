namespace Nuvola.Cloud.Hosting;

/// <summary>The region this cloud calls itself (RegionOne, or the profile's).</summary>
public sealed record CloudRegion(string Name);
