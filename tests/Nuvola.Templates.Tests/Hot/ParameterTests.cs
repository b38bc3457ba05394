using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;

namespace Nuvola.Templates.Tests.Hot;

public sealed class ParameterTests
{
    private static TemplateResult Parse(string parameters, params (string Name, string Value)[] values) =>
        TemplateFiles.Parse("heat_template_version: 2021-04-16\nparameters:\n" + parameters,
            new TemplateOptions { Parameters = [.. values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value))] });

    [Theory]
    [InlineData("  p:\n    type: number\n    default: 0\n    constraints:\n      - range: { min: 1, max: 10 }\n", "HOT013", 5)]
    [InlineData("  p:\n    type: string\n    default: abc\n    constraints:\n      - length: { min: 4 }\n", "HOT013", 5)]
    [InlineData("  p:\n    type: string\n    default: m1.huge\n    constraints:\n      - allowed_values: [m1.small, m1.large]\n", "HOT013", 5)]
    [InlineData("  p:\n    type: string\n    default: abc1\n    constraints:\n      - allowed_pattern: '[a-z]+'\n", "HOT013", 5)]
    [InlineData("  p:\n    type: number\n    default: 4\n    constraints:\n      - modulo: { step: 2, offset: 1 }\n", "HOT013", 5)]
    [InlineData("  p:\n    type: comma_delimited_list\n    default: a,z\n    constraints:\n      - allowed_values: [a, b]\n", "HOT013", 5)]
    [InlineData("  p:\n    type: string\n    default: 300.1.1.1\n    constraints:\n      - custom_constraint: ip_addr\n", "HOT013", 5)]
    [InlineData("  p:\n    type: strng\n", "HOT010", 4)]
    [InlineData("  p:\n    description: no type\n", "HOT010", 3)]
    [InlineData("  p:\n    type: string\n    defualt: x\n", "HOT011", 5)]
    [InlineData("  p:\n    type: number\n    default: many\n", "HOT014", 5)]
    [InlineData("  p:\n    type: number\n    constraints:\n      - length: { min: 1 }\n", "HOT012", 6)]
    [InlineData("  p:\n    type: string\n    constraints:\n      - range: { min: 1 }\n", "HOT012", 6)]
    [InlineData("  p:\n    type: string\n    constraints:\n      - allowed_pattern: '[a-'\n", "HOT012", 6)]
    [InlineData("  p:\n    type: string\n    constraints:\n      - lenght: { min: 1 }\n", "HOT012", 6)]
    [InlineData("  p:\n    type: number\n    constraints:\n      - range: { min: 5, max: 1 }\n", "HOT012", 6)]
    public void A_bad_parameter_is_a_located_error(string parameters, string code, int line)
    {
        var result = Parse(parameters);

        var error = Assert.Single(result.Errors());
        Assert.Equal((code, line), (error.Code, error.Span!.Value.Line));
    }

    [Fact]
    public void The_constraint_description_is_the_hint()
    {
        var result = Parse("  p:\n    type: number\n    default: 0\n    constraints:\n      - range: { min: 1 }\n        description: at least one\n");

        Assert.Equal("at least one", Assert.Single(result.Errors()).Hint);
    }

    [Fact]
    public void Modulo_needs_2017_02_24()
    {
        var result = TemplateFiles.Parse("heat_template_version: 2016-10-14\nparameters:\n  p:\n    type: number\n    constraints:\n      - modulo: { step: 2, offset: 0 }\n");

        Assert.Equal("HOT012", result.Codes());
    }

    [Fact]
    public void An_unknown_custom_constraint_is_a_warning_and_known_ones_wait_for_the_cloud()
    {
        var result = Parse("  a:\n    type: string\n    constraints:\n      - custom_constraint: nova.flavour\n  b:\n    type: string\n    default: x\n    constraints:\n      - custom_constraint: nova.flavor\n");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, "HOT015", "did you mean 'nova.flavor'?"), (warning.Severity, warning.Code, warning.Hint));
    }

    [Theory]
    [InlineData("number", "42", 42L)]
    [InlineData("number", "1.5", 1.5)]
    [InlineData("boolean", "yes", true)]
    [InlineData("boolean", "False", false)]
    [InlineData("string", "x=y", "x=y")]
    public void A_command_line_value_is_converted_to_its_type(string type, string text, object expected)
    {
        var result = Parse($"  p:\n    type: {type}\n", ("p", text));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(expected, result.Topology!.FindParameter("p")!.Value);
    }

    [Fact]
    public void Lists_and_json_values_are_parsed()
    {
        var result = Parse("  l:\n    type: comma_delimited_list\n  j:\n    type: json\n", ("l", "a, b,c"), ("j", "{\"k\": [1]}"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["a", "b", "c"], (IEnumerable<object?>)result.Topology!.FindParameter("l")!.Value!);
        Assert.Equal("{\"k\":[1]}", Model.Evaluation.Values.ToJson(result.Topology!.FindParameter("j")!.Value));
    }

    [Theory]
    [InlineData("number", "abc")]
    [InlineData("boolean", "maybe")]
    [InlineData("json", "{oops")]
    public void A_command_line_value_of_the_wrong_type_is_an_error(string type, string text)
    {
        var result = Parse($"  p:\n    type: {type}\n", ("p", text));

        var error = Assert.Single(result.Errors());
        Assert.Equal(("HOT014", "<command line>"), (error.Code, error.Span!.Value.File));
    }

    [Fact]
    public void Parameter_groups_name_declared_parameters_once()
    {
        var result = TemplateFiles.Parse("heat_template_version: 2021-04-16\nparameter_groups:\n  - label: g\n    parameters: [a, b]\n  - parameters: [a]\nparameters:\n  a: { type: string }\n");

        Assert.Equal("HOT016,HOT016", result.Codes());
        Assert.Equal(["g", null], result.Topology!.ParameterGroups.Select(g => g.Label));
    }

    [Fact]
    public void Conditions_are_evaluated_with_the_parameter_values()
    {
        const string Template = """
            heat_template_version: 2021-04-16
            parameters:
              env: { type: string, default: test }
            conditions:
              prod: { equals: [{ get_param: env }, prod] }
            resources:
              r:
                type: OS::Heat::RandomString
                properties:
                  length: { if: [prod, 600, 8] }
            """;

        Assert.Empty(TemplateFiles.Parse(Template).Diagnostics);
        var prod = TemplateFiles.Parse(Template, new TemplateOptions { Parameters = [new("env", "prod")] });
        var error = Assert.Single(prod.Errors());
        Assert.Equal(("HOT036", 10, 15), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column));
    }
}
