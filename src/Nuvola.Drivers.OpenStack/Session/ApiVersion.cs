using System.Globalization;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>A microversion (major.minor), e.g. compute 2.79 or volume 3.60.</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    public static ApiVersion? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Trim().TrimStart('v').Split('.');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var major)
               && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minor)
            ? new ApiVersion(major, minor)
            : null;
    }

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion a, ApiVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(ApiVersion a, ApiVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(ApiVersion a, ApiVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ApiVersion a, ApiVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
