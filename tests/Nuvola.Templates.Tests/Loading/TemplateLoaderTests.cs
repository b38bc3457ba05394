using Nuvola.Model.Diagnostics;

namespace Nuvola.Templates.Tests.Loading;

/// <summary>The one entry point: the version key names the language; anything else is one located error.</summary>
public sealed class TemplateLoaderTests
{
    private static TemplateResult Parse(string text, TemplateOptions? options = null) => TemplateLoader.Parse(text, "t.yaml", options);

    private static (Severity, string, int, int, string?) Only(TemplateResult result)
    {
        var d = Assert.Single(result.Diagnostics);
        return (d.Severity, d.Code, d.Span!.Value.Line, d.Span!.Value.Column, d.Hint);
    }

    [Fact]
    public void Heat_template_version_goes_to_the_hot_front_end()
    {
        var result = Parse("heat_template_version: 2021-04-16\nresources:\n  v: {type: OS::Heat::Value, properties: {value: 1}}\n");

        Assert.Equal(TemplateLanguage.Hot, result.Language);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("v", Assert.Single(result.Topology!.Resources).Name);
    }

    [Fact]
    public void An_empty_tosca_document_gets_one_located_info_from_the_tosca_front_end()
    {
        var result = Parse("# a service template\ntosca_definitions_version: tosca_simple_yaml_1_3\n");

        Assert.Equal(TemplateLanguage.Tosca, result.Language);
        Assert.False(result.HasErrors);
        Assert.Equal((Severity.Info, "TOSCA003", 2, 1, null), Only(result));
    }

    [Theory]
    [InlineData("tosca_simple_yaml_1_0")]
    [InlineData("tosca_simple_yaml_1_1")]
    [InlineData("tosca_simple_yaml_1_2")]
    [InlineData("tosca_simple_yaml_1_3")]
    public void Every_simple_profile_version_is_known(string version)
    {
        var result = Parse($"tosca_definitions_version: {version}\ndescription: d\ntopology_template: {{}}\n");

        Assert.Equal(TemplateLanguage.Tosca, result.Language);
        Assert.Equal(["TOSCA003"], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void A_misspelt_tosca_version_is_located_with_the_nearest_version()
    {
        var result = Parse("tosca_definitions_version: toska_simple_yaml_1_1_0\n");

        var error = Assert.Single(result.Errors());
        Assert.Equal(("TOSCA001", 1, 28, "did you mean 'tosca_simple_yaml_1_1'?"), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column, error.Hint));
    }

    [Fact]
    public void An_unknown_tosca_top_level_key_is_an_error_with_a_suggestion()
    {
        var result = Parse("tosca_definitions_version: tosca_simple_yaml_1_3\ntopology_templates: {}\n");

        var error = Assert.Single(result.Errors());
        Assert.Equal(("TOSCA002", 2, 1, "did you mean 'topology_template'?"), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column, error.Hint));
    }

    [Fact]
    public void Plan_and_deploy_of_a_tosca_document_stop_with_a_located_error()
    {
        var result = Parse("tosca_definitions_version: tosca_simple_yaml_1_3\n", new TemplateOptions { RequireParameterValues = true });

        Assert.Null(result.Topology);
        var error = Assert.Single(result.Errors());
        Assert.Equal(("TOSCA003", 1, 1), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column));
        Assert.Contains("not implemented yet", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("heat_template_versoin: 2021-04-16\nresources: {}\n", 1, "heat_template_version")]
    [InlineData("description: x\ntosca_definition_version: tosca_simple_yaml_1_3\n", 2, "tosca_definitions_version")]
    [InlineData("description: x\nHeat_Template_Version: 2021-04-16\n", 2, "heat_template_version")]
    public void A_misspelt_version_key_is_one_error_at_the_key_naming_the_nearest(string text, int line, string nearest)
    {
        var result = Parse(text);

        Assert.Equal(TemplateLanguage.Unknown, result.Language);
        Assert.Null(result.Topology);
        Assert.Equal((Severity.Error, "TPL001", line, 1, $"did you mean '{nearest}'?"), Only(result));
    }

    [Fact]
    public void No_version_key_at_all_is_one_error_at_the_start_naming_both_languages()
    {
        var result = Parse("resources:\n  a: {type: OS::Heat::None}\n");

        var (severity, code, line, column, hint) = Only(result);
        Assert.Equal((Severity.Error, "TPL001", 1, 1), (severity, code, line, column));
        Assert.Contains("heat_template_version: 2021-04-16", hint, StringComparison.Ordinal);
        Assert.Contains("tosca_definitions_version: tosca_simple_yaml_1_3", hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "TPL001")]
    [InlineData("- a\n- b\n", "TPL002")]
    [InlineData("just text\n", "TPL002")]
    public void Empty_and_non_mapping_documents_are_one_located_error(string text, string code)
    {
        var result = Parse(text);

        var (severity, actual, line, column, _) = Only(result);
        Assert.Equal((Severity.Error, code, 1, 1), (severity, actual, line, column));
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_by_the_yaml_loader_alone()
    {
        var result = Parse("heat_template_version: [2021-04-16\n");

        Assert.NotEmpty(result.Errors());
        Assert.All(result.Errors(), d => Assert.StartsWith("YAML", d.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_reads_the_file_and_names_it_in_diagnostics()
    {
        var directory = TemplateFiles.Write(("svc.yaml", "tosca_definitions_version: tosca_simple_yaml_1_2\n"));
        var path = Path.Combine(directory, "svc.yaml");

        var result = TemplateLoader.Load(path);

        Assert.Equal(TemplateLanguage.Tosca, result.Language);
        Assert.Equal(path, Assert.Single(result.Diagnostics).Span!.Value.File);
    }
}
