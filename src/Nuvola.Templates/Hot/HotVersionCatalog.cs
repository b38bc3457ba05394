namespace Nuvola.Templates.Hot;

/// <summary>One template version as published (Heat's template_versions API): its date, release-name aliases,
/// its intrinsic functions and those allowed in conditions.</summary>
public sealed record HotVersionInfo(string Date, IReadOnlyList<string> Aliases, IReadOnlyList<string> Functions, IReadOnlyList<string> ConditionFunctions);

/// <summary>The template versions this compiler accepts, for callers outside Templates (the Heat API).</summary>
public static class HotVersionCatalog
{
    /// <summary>Every version, oldest first.</summary>
    public static IReadOnlyList<HotVersionInfo> Versions { get; } =
    [
        .. HotVersion.All.Select(v => new HotVersionInfo(
            v.Date,
            [.. HotVersion.Aliases.Where(a => a.Value == v.Date).Select(a => a.Key)],
            [.. v.Functions.Order(StringComparer.Ordinal)],
            [.. v.ConditionFunctions.Order(StringComparer.Ordinal)])),
    ];

    /// <summary>The version a date or release name means, or null.</summary>
    public static HotVersionInfo? Find(string text)
    {
        var version = HotVersion.Find(text);
        return version is null ? null : Versions.First(v => v.Date == version.Date);
    }
}
