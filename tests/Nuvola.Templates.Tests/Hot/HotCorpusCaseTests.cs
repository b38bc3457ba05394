namespace Nuvola.Templates.Tests.Hot;

/// <summary>Validation of the two HOT corpus cases of issue 11 §5: %index% in a group's number properties, structured deployments.</summary>
public sealed class HotCorpusCaseTests
{
    private static string Group(string properties, string indexVar = "") => $$"""
        heat_template_version: 2021-04-16
        resources:
          group:
            type: OS::Heat::ResourceGroup
            properties:
              count: 3{{indexVar}}
              resource_def:
                type: OS::Heat::TestResource
                properties: {{properties}}
        """;

    [Theory]
    [InlineData("{wait_secs: '%index%'}", "")]
    [InlineData("{wait_secs: '1%index%', value: 'v-%index%'}", "")]
    [InlineData("{wait_secs: {str_replace: {template: '%index%', params: {a: b}}}}", "")]
    [InlineData("{wait_secs: '%n%'}", "\n      index_var: '%n%'")]
    public void The_index_passed_to_a_number_property_is_accepted_as_heat_substitutes_it_first(string properties, string indexVar)
    {
        var result = TemplateFiles.Parse(Group(properties, indexVar));

        Assert.Empty(result.Errors().Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("{wait_secs: 'x%index%'}", "", "must be a number, not the string 'x0'")]
    [InlineData("{wait_secs: '%index%'}", "\n      index_var: '%n%'", "must be a number, not the string '%index%'")]
    public void A_value_that_is_no_number_with_the_index_in_place_is_still_refused(string properties, string indexVar, string message)
    {
        var result = TemplateFiles.Parse(Group(properties, indexVar));

        var error = Assert.Single(result.Errors());
        Assert.Equal("HOT035", error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_is_not_substituted_outside_a_group()
    {
        var result = TemplateFiles.Parse("heat_template_version: 2021-04-16\nresources:\n  t:\n    type: OS::Heat::TestResource\n    properties: {wait_secs: '%index%'}\n");

        Assert.Equal("HOT035", result.Codes());
    }

    [Theory]
    [InlineData("OS::Heat::StructuredDeployment", "server: srv-1")]
    [InlineData("OS::Heat::StructuredDeployments", "servers: {a: srv-1}")]
    [InlineData("OS::Heat::StructuredDeploymentGroup", "servers: {a: srv-1}")]
    public void Structured_deployments_validate_with_their_own_properties(string type, string target)
    {
        var template = $$"""
            heat_template_version: 2021-04-16
            resources:
              config:
                type: OS::Heat::StructuredConfig
                properties:
                  config:
                    a: {get_input: x}
              deployment:
                type: {{type}}
                properties:
                  config: {get_resource: config}
                  {{target}}
                  input_values: {x: 1}
                  input_key: get_input
                  input_values_validate: STRICT
                  signal_transport: NO_SIGNAL
                  actions: [CREATE]
            outputs:
              out:
                value: {get_attr: [deployment, deploy_stdout]}
            """;

        Assert.Empty(TemplateFiles.Parse(template).Errors().Select(d => d.ToString()));
        var wrong = TemplateFiles.Parse(template.Replace("STRICT", "STRIKT", StringComparison.Ordinal));
        var error = Assert.Single(wrong.Errors());
        Assert.Equal(("HOT036", "did you mean 'STRICT'?"), (error.Code, error.Hint));
    }
}
