using System.Collections.Frozen;

namespace Nuvola.Templates.Hot;

/// <summary>One heat_template_version: its date, the intrinsic functions it offers, and those allowed in conditions.</summary>
internal sealed record HotVersion(string Date, FrozenSet<string> Functions, FrozenSet<string> ConditionFunctions)
{
    private static readonly string[] Cfn = ["Fn::GetAZs", "Ref", "Fn::Select", "Fn::Join", "Fn::Split", "Fn::Replace", "Fn::Base64", "Fn::MemberListToMap", "Fn::ResourceFacade"];
    private static readonly string[] V20141016 = ["get_attr", "get_file", "get_param", "get_resource", "list_join", "resource_facade", "str_replace"];
    private static readonly string[] V20150430 = [.. V20141016, "digest", "repeat"];
    private static readonly string[] V20151015 = [.. V20150430, "str_split"];
    private static readonly string[] V20160408 = [.. V20151015, "map_merge"];
    private static readonly string[] V20161014 = [.. V20160408, "yaql", "map_replace", "if"];
    private static readonly string[] V20170224 = [.. V20161014, "filter", "str_replace_strict"];
    private static readonly string[] V20170901 = [.. V20170224, "make_url", "list_concat", "list_concat_unique", "str_replace_vstrict", "contains"];
    private static readonly string[] Conditions20161014 = ["get_param", "equals", "not", "and", "or"];
    private static readonly string[] Conditions20170901 = [.. Conditions20161014, "yaql", "contains"];

    /// <summary>Every version, oldest first.</summary>
    public static readonly IReadOnlyList<HotVersion> All =
    [
        Make("2013-05-23", [.. V20141016, .. Cfn], []),
        Make("2014-10-16", [.. V20141016, "Fn::Select"], []),
        Make("2015-04-30", [.. V20150430, "Fn::Select"], []),
        Make("2015-10-15", V20151015, []),
        Make("2016-04-08", V20160408, []),
        Make("2016-10-14", V20161014, Conditions20161014),
        Make("2017-02-24", V20170224, Conditions20161014),
        Make("2017-09-01", V20170901, Conditions20170901),
        Make("2018-03-02", V20170901, Conditions20170901),
        Make("2018-08-31", V20170901, Conditions20170901),
        Make("2021-04-16", V20170901, [.. Conditions20170901, "if"]),
    ];

    /// <summary>Release names accepted as versions. Heat defines newton…rocky and wallaby; stein, train, ussuri and victoria
    /// added no template version, so they mean rocky's (2018-08-31).</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["newton"] = "2016-10-14",
        ["ocata"] = "2017-02-24",
        ["pike"] = "2017-09-01",
        ["queens"] = "2018-03-02",
        ["rocky"] = "2018-08-31",
        ["stein"] = "2018-08-31",
        ["train"] = "2018-08-31",
        ["ussuri"] = "2018-08-31",
        ["victoria"] = "2018-08-31",
        ["wallaby"] = "2021-04-16",
    };

    /// <summary>Every name that is a function in some version or in conditions.</summary>
    public static readonly FrozenSet<string> AnyFunction = All.SelectMany(v => v.Functions.Concat(v.ConditionFunctions)).ToFrozenSet(StringComparer.Ordinal);

    public bool HasConditions => ConditionFunctions.Count > 0;

    /// <summary>get_attr without an attribute name (all attributes) came with 2015-10-15.</summary>
    public bool AllowsAllAttributes => string.CompareOrdinal(Date, "2015-10-15") >= 0;

    public bool AllowsModulo => string.CompareOrdinal(Date, "2017-02-24") >= 0;

    public static HotVersion? Find(string text)
    {
        var date = Aliases.GetValueOrDefault(text, text);
        return All.FirstOrDefault(v => v.Date == date);
    }

    /// <summary>Where a function is available: "from 2016-10-14", "up to 2014-10-16", or null if it is nowhere.</summary>
    public static string? Availability(string function, bool inConditions)
    {
        var versions = All.Where(v => (inConditions ? v.ConditionFunctions : v.Functions).Contains(function)).ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        return versions[^1] == All[^1] ? $"from heat_template_version {versions[0].Date}" : $"in heat_template_version {versions[0].Date} to {versions[^1].Date}";
    }

    private static HotVersion Make(string date, string[] functions, string[] conditions) =>
        new(date, functions.ToFrozenSet(StringComparer.Ordinal), conditions.ToFrozenSet(StringComparer.Ordinal));
}
