using Nuvola.Templates.Hot;

namespace Nuvola.Templates.Tests.Hot;

/// <summary>Each heat_template_version offers its own functions; using one from another version is an error.</summary>
public sealed class FunctionVersionTests
{
    [Theory]
    [InlineData("2013-05-23", "Fn::Join", true)]
    [InlineData("2013-05-23", "str_split", false)]
    [InlineData("2014-10-16", "Fn::Join", false)]
    [InlineData("2014-10-16", "digest", false)]
    [InlineData("2015-04-30", "digest", true)]
    [InlineData("2015-04-30", "repeat", true)]
    [InlineData("2015-04-30", "Fn::Select", true)]
    [InlineData("2015-10-15", "Fn::Select", false)]
    [InlineData("2015-10-15", "str_split", true)]
    [InlineData("2015-10-15", "map_merge", false)]
    [InlineData("2016-04-08", "map_merge", true)]
    [InlineData("2016-04-08", "if", false)]
    [InlineData("2016-10-14", "if", true)]
    [InlineData("2016-10-14", "yaql", true)]
    [InlineData("2016-10-14", "map_replace", true)]
    [InlineData("2016-10-14", "filter", false)]
    [InlineData("2016-10-14", "str_replace_strict", false)]
    [InlineData("2017-02-24", "filter", true)]
    [InlineData("2017-02-24", "str_replace_strict", true)]
    [InlineData("2017-02-24", "make_url", false)]
    [InlineData("2017-09-01", "make_url", true)]
    [InlineData("2017-09-01", "list_concat", true)]
    [InlineData("2017-09-01", "list_concat_unique", true)]
    [InlineData("2017-09-01", "str_replace_vstrict", true)]
    [InlineData("2017-09-01", "contains", true)]
    [InlineData("2018-03-02", "contains", true)]
    [InlineData("2018-08-31", "resource_facade", true)]
    [InlineData("2021-04-16", "list_concat_unique", true)]
    [InlineData("2021-04-16", "Fn::Join", false)]
    [InlineData("newton", "if", true)]
    [InlineData("ocata", "contains", false)]
    [InlineData("pike", "contains", true)]
    [InlineData("queens", "make_url", true)]
    [InlineData("rocky", "filter", true)]
    [InlineData("wallaby", "make_url", true)]
    public void A_function_is_available_exactly_in_its_versions(string version, string function, bool available)
    {
        var result = TemplateFiles.Parse($"heat_template_version: {version}\noutputs:\n  o:\n    value: {{ \"{function}\": [a, b] }}\n");

        var notInVersion = result.Errors().Where(e => e.Code == "HOT025").ToList();
        Assert.Equal(available ? 0 : 1, notInVersion.Count);
        if (!available)
        {
            Assert.Equal((4, 14), (notInVersion[0].Span!.Value.Line, notInVersion[0].Span!.Value.Column));
        }
    }

    [Theory]
    [InlineData("2013-05-23", "2013-05-23")]
    [InlineData("2014-10-16", "2014-10-16")]
    [InlineData("2015-04-30", "2015-04-30")]
    [InlineData("2015-10-15", "2015-10-15")]
    [InlineData("2016-04-08", "2016-04-08")]
    [InlineData("newton", "2016-10-14")]
    [InlineData("ocata", "2017-02-24")]
    [InlineData("pike", "2017-09-01")]
    [InlineData("queens", "2018-03-02")]
    [InlineData("rocky", "2018-08-31")]
    [InlineData("stein", "2018-08-31")]
    [InlineData("train", "2018-08-31")]
    [InlineData("ussuri", "2018-08-31")]
    [InlineData("victoria", "2018-08-31")]
    [InlineData("wallaby", "2021-04-16")]
    [InlineData("2021-04-16", "2021-04-16")]
    public void Every_version_and_release_name_is_accepted(string written, string canonical)
    {
        var result = TemplateFiles.Parse($"heat_template_version: {written}\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(canonical, result.Topology!.Version);
    }

    [Theory]
    [InlineData("newton", "contains", "HOT025")]
    [InlineData("pike", "contains", null)]
    [InlineData("pike", "if", "HOT027")]
    [InlineData("wallaby", "if", null)]
    [InlineData("rocky", "get_resource", "HOT027")]
    [InlineData("rocky", "yaql", null)]
    public void Conditions_have_their_own_function_set(string version, string function, string? code)
    {
        var argument = function switch
        {
            "contains" => "[a, [a, b]]",
            "if" => "[true, true, false]",
            "yaql" => "{ expression: '$.data.x', data: { x: true } }",
            _ => "r",
        };
        var result = TemplateFiles.Parse($"heat_template_version: {version}\nconditions:\n  c: {{ {function}: {argument} }}\nresources:\n  r: {{ type: OS::Heat::None }}\n");

        Assert.Equal(code ?? string.Empty, result.Codes());
    }

    [Fact]
    public void Conditions_and_resource_condition_need_2016_10_14()
    {
        var result = TemplateFiles.Parse("heat_template_version: 2016-04-08\nconditions: {}\nresources:\n  r:\n    type: OS::Heat::None\n    condition: c\n");

        Assert.Equal("HOT005,HOT032", result.Codes());
        Assert.Equal("'condition' needs heat_template_version 2016-10-14 or later", result.Errors().Last().Hint);
    }

    [Fact]
    public void Get_attr_without_an_attribute_needs_2015_10_15()
    {
        const string Body = "resources:\n  r: { type: OS::Heat::None }\noutputs:\n  o: { value: { get_attr: [r] } }\n";

        Assert.Equal("HOT026", TemplateFiles.Parse("heat_template_version: 2015-04-30\n" + Body).Codes());
        Assert.Equal(string.Empty, TemplateFiles.Parse("heat_template_version: 2015-10-15\n" + Body).Codes());
    }

    [Fact]
    public void An_unsupported_yaql_expression_is_reported()
    {
        var result = TemplateFiles.Parse("heat_template_version: rocky\noutputs:\n  o:\n    value: { yaql: { expression: '$.data.a + 1', data: { a: 1 } } }\n");

        Assert.Equal("HOT042", result.Codes());
    }

    [Fact]
    public void Options_are_exposed_through_the_public_entry_point()
    {
        var result = HotTemplates.Parse("heat_template_version: rocky\nparameters:\n  p: { type: string }\n", "t.yaml", new TemplateOptions { RequireParameterValues = true });

        Assert.Equal("HOT017", result.Codes());
    }
}
