namespace Nuvola.Cloud.Hypervisors.Namespaces.Images;

/// <summary>
/// The read-only lower layers an instance's overlays stack on: the root (one directory) and, when the image keeps the
/// host's /usr (the built-in image and snapshots of its instances), the lower directories of the separate /usr overlay
/// (overlayfs lowerdir syntax, leftmost on top); null when /usr is part of the root. Recorded in the instance's
/// directory at first boot so that later boots (start, reboot, a restart of the cloud) use the same layers.
/// </summary>
public sealed record ImageLayers(string RootLower, string? UsrLower)
{
    private const string FileName = "layers";

    /// <summary>Whether /usr comes from the host (a separate overlay whose bottom layer is the host's /usr).</summary>
    public bool HostUsr => UsrLower is not null;

    public void Save(InstanceDirectory instance) =>
        File.WriteAllLines(Path.Combine(instance.Path, FileName), [RootLower, UsrLower ?? string.Empty]);

    /// <summary>The layers recorded for an instance; null when none are (an instance made before they were recorded).</summary>
    public static ImageLayers? Load(InstanceDirectory instance)
    {
        var file = Path.Combine(instance.Path, FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        var lines = File.ReadAllLines(file);
        return lines.Length == 0 || lines[0].Length == 0 ? null : new ImageLayers(lines[0], lines.Length > 1 && lines[1].Length > 0 ? lines[1] : null);
    }
}
