namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>Device names as libvirt gives them: the root disk is /dev/vda, then vdb … vdz, vdaa ….</summary>
public static class DeviceNames
{
    public const string Root = "/dev/vda";

    /// <summary>The requested device when it is free, else the first free one after the root.</summary>
    public static string Next(IReadOnlyList<BlockDeviceRecord> taken, string? requested)
    {
        var used = taken.Select(d => d.DeviceName).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
        used.Add(Root);

        if (requested is not null && requested.StartsWith("/dev/vd", StringComparison.Ordinal) && !used.Contains(requested))
        {
            return requested;
        }

        for (var index = 1; ; index++)
        {
            var name = "/dev/vd" + Letters(index);
            if (!used.Contains(name))
            {
                return name;
            }
        }
    }

    /// <summary>0 → a, 25 → z, 26 → aa (as libvirt's disk naming).</summary>
    public static string Letters(int index)
    {
        var name = string.Empty;
        index++;
        while (index > 0)
        {
            index--;
            name = (char)('a' + (index % 26)) + name;
            index /= 26;
        }

        return name;
    }
}
