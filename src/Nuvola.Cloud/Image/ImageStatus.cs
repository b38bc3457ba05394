namespace Nuvola.Cloud.Image;

/// <summary>Glance's image states and visibilities.</summary>
public static class ImageStatus
{
    public const string Queued = "queued";
    public const string Saving = "saving";
    public const string Active = "active";
    public const string Deactivated = "deactivated";

    public const string Public = "public";
    public const string Private = "private";
    public const string Shared = "shared";
    public const string Community = "community";

    public static readonly IReadOnlyList<string> Visibilities = [Public, Private, Shared, Community];

    public static readonly IReadOnlyList<string> Statuses = ["queued", "saving", "active", "killed", "deleted", "pending_delete", "deactivated", "uploading", "importing"];

    /// <summary>Glance's default [image_format] disk_formats and container_formats.</summary>
    public static readonly IReadOnlyList<string> DiskFormats = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"];

    public static readonly IReadOnlyList<string> ContainerFormats = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"];
}
