namespace Nuvola.Cloud.BlockStorage;

/// <summary>Cinder's volume and snapshot status values that this cloud uses.</summary>
public static class VolumeStatus
{
    public const string Creating = "creating";
    public const string Available = "available";
    public const string InUse = "in-use";
    public const string Attaching = "attaching";
    public const string Reserved = "reserved";
    public const string Detaching = "detaching";
    public const string Deleting = "deleting";
    public const string Error = "error";
    public const string Extending = "extending";
    public const string Uploading = "uploading";
}
