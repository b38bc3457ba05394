using System.Text;
using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Tests.Hot;

/// <summary>Issue 16 sections 2 and 5: inputs that once crashed the validator or exhausted the process, each now a located diagnostic.</summary>
public sealed class LimitTests
{
    private const string Head = "heat_template_version: 2018-08-31\n";

    private static Diagnostic SingleError(TemplateResult result, string code)
    {
        var error = Assert.Single(result.Errors(), d => d.Code == code);
        Assert.True(error.Span is { Line: >= 1, Column: >= 1 }, $"{error} has no place");
        Assert.Equal("t.yaml", error.Span!.Value.File);
        return error;
    }

    [Fact]
    public void Ten_thousand_open_brackets_are_one_depth_error_not_a_stack_overflow()
    {
        var result = TemplateFiles.Parse(new string('[', 10_000));

        var error = SingleError(result, "YAML009");
        Assert.Equal((1, YamlLimits.MaxDepth + 1), (error.Span!.Value.Line, error.Span!.Value.Column));
        Assert.DoesNotContain(result.Errors(), d => d.Code == "HOT004");
    }

    [Fact]
    public void Ten_thousand_closed_brackets_under_a_property_are_one_depth_error()
    {
        var value = new string('[', 10_000) + new string(']', 10_000);
        var result = TemplateFiles.Parse(Head + $"resources:\n  v:\n    type: OS::Heat::Value\n    properties:\n      value: {value}\n");

        var error = SingleError(result, "YAML009");
        Assert.Equal(6, error.Span!.Value.Line);
        Assert.Equal("YAML009", Assert.Single(result.Errors()).Code);
    }

    [Fact]
    public void Nesting_up_to_the_limit_compiles_and_evaluates_on_a_small_stack()
    {
        // Every stage after the loader recurses over the nesting: at the limit it must fit a 256 KB stack.
        // Each level is a mapping and two lists; the root, resources, v and properties come first.
        var levels = (YamlLimits.MaxDepth - 5) / 3;
        var nested = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            nested.Append("{list_join: [',', [");
        }

        nested.Append("a");
        for (var i = 0; i < levels; i++)
        {
            nested.Append("]]}");
        }

        var text = Head + $"resources:\n  v:\n    type: OS::Heat::Value\n    properties:\n      value: {nested}\noutputs:\n  o:\n    value: {nested}\n";
        TemplateResult? result = null;
        var thread = new Thread(() => result = TemplateFiles.Parse(text), 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(result);
        Assert.Empty(result.Errors().Select(d => d.ToString()));
    }

    [Fact]
    public void A_billion_laughs_is_one_alias_error_and_stays_small()
    {
        var text = new StringBuilder(Head + "parameters:\n  p:\n    type: json\n    default:\n      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append($"      {level}: &{level} [{string.Join(", ", Enumerable.Repeat("*" + previous, 9))}]\n");
        }

        text.Append("resources:\n  v:\n    type: OS::Heat::Value\n    properties:\n      value: *i\n");
        var before = GC.GetTotalAllocatedBytes();

        var result = TemplateFiles.Parse(text.ToString());

        var error = SingleError(result, "YAML011");
        Assert.Contains(YamlLimits.MaxAliasNodes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 500_000_000, "the aliases were expanded");
    }

    [Fact]
    public void Too_many_aliases_is_one_error()
    {
        var text = "a: &a x\nb: [" + string.Join(",", Enumerable.Repeat("*a", YamlLimits.MaxAliases + 5)) + "]\n";

        var document = YamlLoader.Load(text, "t.yaml");

        var error = Assert.Single(document.Diagnostics);
        Assert.Equal(("YAML010", 2), (error.Code, error.Span!.Value.Line));
    }

    [Fact]
    public void A_file_over_heats_max_template_size_is_refused_before_parsing()
    {
        var text = Head + "description: " + new string('x', YamlLimits.MaxDocumentBytes) + "\n";

        var error = SingleError(TemplateFiles.Parse(text), "YAML008");

        Assert.Equal((1, 1), (error.Span!.Value.Line, error.Span!.Value.Column));
    }

    [Fact]
    public void Repeat_over_seven_lists_of_ten_is_a_located_value_size_error()
    {
        var lists = string.Join("\n", Enumerable.Range(0, 7).Select(i => $"            <%{i}%>: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"));
        var result = TemplateFiles.Parse(Head + $"resources:\n  v:\n    type: OS::Heat::Value\n    properties:\n      value:\n        repeat:\n          for_each:\n{lists}\n          template: x<%0%><%1%><%2%><%3%><%4%><%5%><%6%>\n");

        var error = SingleError(result, "EVAL009");
        Assert.Equal((7, 9), (error.Span!.Value.Line, error.Span!.Value.Column));
    }

    [Fact]
    public void A_str_replace_that_grows_past_the_budget_is_a_located_value_size_error()
    {
        // Each level multiplies the text by 64: 64^4 = 16 M characters.
        var value = "x";
        for (var i = 0; i < 4; i++)
        {
            value = $"{{str_replace: {{template: '{new string('y', 64)}', params: {{y: {value}}}}}}}";
        }

        var result = TemplateFiles.Parse(Head + $"resources:\n  v:\n    type: OS::Heat::Value\n    properties:\n      value: {value}\n");

        SingleError(result, "EVAL009");
    }

    [Fact]
    public void Functions_within_the_budget_still_evaluate()
    {
        var result = TemplateFiles.Parse(Head + """
            resources:
              v:
                type: OS::Heat::Value
                properties:
                  value: { repeat: { for_each: { <%a%>: [1, 2, 3], <%b%>: [x, y] }, template: "<%a%>-<%b%>" } }
            outputs:
              o:
                value: { str_replace: { template: "a$b", params: { $b: { list_join: [",", [p, q]] } } } }
            """);

        Assert.Empty(result.Errors().Select(d => d.ToString()));
    }

    [Fact]
    public void An_empty_str_replace_key_is_not_a_crash()
    {
        var result = TemplateFiles.Parse(Head + "outputs:\n  o:\n    value: { str_replace: { template: abc, params: { '': x } } }\n");

        Assert.Empty(result.Errors().Select(d => d.ToString()));
    }

    [Fact]
    public void An_unclosed_flow_mapping_before_a_key_is_a_located_syntax_error()
    {
        var result = TemplateFiles.Parse("a: {b\nc: [d]");

        var error = SingleError(result, "YAML001");
        Assert.True(error.Span!.Value.Line >= 1);
        Assert.DoesNotContain(result.Errors(), d => d.Code == "HOT004");
    }

    [Fact]
    public void A_bracket_left_open_in_the_middle_is_one_syntax_error_and_no_shape_error()
    {
        var result = TemplateFiles.Parse(Head + """
            resources:
              v:
                type: OS::Heat::Value
                properties:
                  value: [a, b
              w:
                type: OS::Heat::Value
            outputs:
              o:
                value: 1
            """);

        SingleError(result, "YAML001");
        Assert.DoesNotContain(result.Errors(), d => d.Code == "HOT004");
    }

    [Fact]
    public void A_syntax_error_keeps_what_came_before_as_the_partial_tree()
    {
        var document = YamlLoader.Load("a: 1\nb:\n  c: [x, {d: 2\n", "t.yaml");

        var root = Assert.IsType<YamlMapping>(document.Root);
        Assert.Equal(1L, Assert.IsType<YamlScalar>(root["a"]).Value);
        var c = Assert.IsType<YamlSequence>(Assert.IsType<YamlMapping>(root["b"])["c"]);
        Assert.Equal("x", Assert.IsType<YamlScalar>(c.Items[0]).Value);
        Assert.Equal("YAML001", Assert.Single(document.Diagnostics).Code);
    }

    [Fact]
    public void Two_resources_of_one_name_are_the_duplicate_key_error_and_the_last_wins()
    {
        var result = TemplateFiles.Parse(Head + """
            resources:
              v:
                type: OS::Heat::Value
                properties: { value: { get_resource: w } }
              w:
                type: OS::Heat::Value
                properties: { value: 1 }
              v:
                type: OS::Heat::None
            """);

        SingleError(result, "YAML002");
        Assert.Equal("YAML002", Assert.Single(result.Errors()).Code);
        Assert.Equal(["w", "v"], result.Topology!.Resources.Select(r => r.Name));
        Assert.Equal("OS::Heat::None", result.Topology.Resources[1].Type);
    }

    [Fact]
    public void Two_resources_of_one_name_in_a_cycle_are_reported_not_thrown()
    {
        var result = TemplateFiles.Parse(Head + """
            resources:
              v:
                type: OS::Heat::Value
                properties: { value: { get_resource: w } }
              w:
                type: OS::Heat::Value
                properties: { value: { get_resource: v } }
              v:
                type: OS::Heat::Value
                properties: { value: { get_resource: w } }
            """);

        Assert.Equal("HOT037,YAML002", result.Codes());
    }

    [Fact]
    public void Two_conditions_of_one_name_are_the_duplicate_key_error()
    {
        var result = TemplateFiles.Parse(Head + """
            conditions:
              c: true
              d: { not: c }
              c: false
            resources:
              v:
                type: OS::Heat::Value
                condition: d
                properties: { value: 1 }
            """);

        Assert.Equal("YAML002", Assert.Single(result.Errors()).Code);
        Assert.Equal(["c", "d"], result.Topology!.Conditions.Select(c => c.Name).Order());
    }

    [Fact]
    public void Properties_that_are_a_function_are_a_located_shape_error()
    {
        var result = TemplateFiles.Parse(Head + "parameters:\n  x: {type: json}\nresources:\n  v:\n    type: OS::Heat::Value\n    properties: {get_param: x}\n");

        var error = SingleError(result, "HOT004");
        Assert.Equal((7, 17), (error.Span!.Value.Line, error.Span!.Value.Column));
    }
}
