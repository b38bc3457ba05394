using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Tests.Yaml;

public sealed class YamlLoaderTests
{
    [Fact]
    public void Nodes_keep_one_based_line_column_and_yaml_path()
    {
        var document = YamlLoader.Load("a:\n  b:\n    - x\n    - { c: 1 }\n", "f.yaml");

        var root = Assert.IsType<YamlMapping>(document.Root);
        var list = Assert.IsType<YamlSequence>(Assert.IsType<YamlMapping>(root["a"])["b"]);
        var c = Assert.IsType<YamlMapping>(list.Items[1]).Pair("c")!;
        Assert.Empty(document.Diagnostics);
        Assert.Equal(new SourceSpan("f.yaml", 3, 7, "a.b[0]"), list.Items[0].Span);
        Assert.Equal(new SourceSpan("f.yaml", 4, 9, "a.b[1].c"), c.Key.Span);
        Assert.Equal(1L, Assert.IsType<YamlScalar>(c.Value).Value);
    }

    [Theory]
    [InlineData("x: 2013-05-23", "2013-05-23")]
    [InlineData("x: 42", 42L)]
    [InlineData("x: 1.5", 1.5)]
    [InlineData("x: yes", true)]
    [InlineData("x: off", false)]
    [InlineData("x: '42'", "42")]
    [InlineData("x: m1.small", "m1.small")]
    [InlineData("x: 10.0.0.1", "10.0.0.1")]
    public void Plain_scalars_are_typed_as_heat_types_them(string text, object expected)
    {
        var document = YamlLoader.Load(text, "f.yaml");

        Assert.Equal(expected, Assert.IsType<YamlScalar>(((YamlMapping)document.Root!)["x"]).Value);
    }

    [Fact]
    public void A_null_value_is_null()
    {
        var document = YamlLoader.Load("x:\ny: ~\n", "f.yaml");

        Assert.All(((YamlMapping)document.Root!).Pairs, p => Assert.Null(((YamlScalar)p.Value).Value));
    }

    [Fact]
    public void A_tab_in_indentation_is_located()
    {
        var document = YamlLoader.Load("a:\n\tb: 1\n", "f.yaml");

        var tab = Assert.Single(document.Diagnostics);
        Assert.Equal(("YAML003", 2, 1), (tab.Code, tab.Span!.Value.Line, tab.Span!.Value.Column));
    }

    [Fact]
    public void A_duplicate_key_is_located_at_its_second_occurrence_and_the_last_wins()
    {
        var document = YamlLoader.Load("a: 1\nb: 2\na: 3\n", "f.yaml");

        var duplicate = Assert.Single(document.Diagnostics);
        Assert.Equal(("YAML002", 3, 1), (duplicate.Code, duplicate.Span!.Value.Line, duplicate.Span!.Value.Column));
        Assert.Contains("first on line 1", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(3L, ((YamlScalar)((YamlMapping)document.Root!)["a"]!).Value);
    }

    [Fact]
    public void Bad_indentation_is_a_located_syntax_error_and_what_came_before_is_kept()
    {
        var document = YamlLoader.Load("a: 1\nb:\n  c: 2\n d: 3\n", "f.yaml");

        var error = Assert.Single(document.Diagnostics);
        Assert.Equal("YAML001", error.Code);
        Assert.Equal(4, error.Span!.Value.Line);
        Assert.NotNull(document.Root);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("a: [1, 2")]
    [InlineData(": : :")]
    [InlineData("a: *nothing")]
    [InlineData("- a\nb: c")]
    [InlineData("\"unterminated")]
    public void Garbage_never_throws(string text)
    {
        var document = YamlLoader.Load(text, "f.yaml");

        Assert.True(text.Length == 0 ? document.Root is null : document.Diagnostics.Length > 0);
    }

    [Fact]
    public void Anchors_and_aliases_resolve()
    {
        var document = YamlLoader.Load("a: &x [1, 2]\nb: *x\n", "f.yaml");

        Assert.Empty(document.Diagnostics);
        Assert.IsType<YamlSequence>(((YamlMapping)document.Root!)["b"]);
    }
}
