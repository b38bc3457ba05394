using Nuvola.Model.Diagnostics;

namespace Nuvola.Templates.Tests.Hot;

/// <summary>Located errors: every problem at once, each with its code, place and hint.</summary>
public sealed class ValidationTests
{
    private const string Head = "heat_template_version: 2018-08-31\n";

    [Theory]
    [InlineData("resources:\n  s:\n    type: OS::Nova::Server\n    properties:\n      flavor: m1.small\n      imagee: cirros\n", "HOT033", 7, 7, "did you mean 'image'?")]
    [InlineData("parameters:\n  fg_instance_port:\n    type: string\nresources:\n  p:\n    type: OS::Heat::Value\n    properties:\n      value: { get_param: fg_instance_prot }\n", "HOT020", 9, 27, "did you mean 'fg_instance_port'?")]
    [InlineData("resources:\n  p:\n    type: OS::Heat::Value\n    properties:\n      value: { get_param: nothing }\n", "HOT020", 6, 27, "declare it under parameters:")]
    [InlineData("resources:\n  v:\n    type: OS::Heat::Value\n    properties:\n      value: { get_attr: [v2, valeu] }\n  v2:\n    type: OS::Heat::Value\n    properties: { value: 1 }\n", "HOT023", 6, 31, "did you mean 'value'?")]
    [InlineData("resources:\n  v:\n    type: OS::Heat::Value\n    depends_on: [w]\n    properties: { value: 1 }\n", "HOT024", 5, 18, "depends_on names resources of this template")]
    [InlineData("resources:\n  v:\n    type: OS::Heat::Valeu\n", "HOT031", 4, 11, "did you mean 'OS::Heat::Value'?")]
    [InlineData("resources:\n  v:\n    type: OS::Heat::None\n    propertis: { value: 1 }\n", "HOT032", 5, 5, "did you mean 'properties'?")]
    [InlineData("resources:\n  v:\n    type: OS::Heat::Value\n    properties: { value: 1 }\n    condition: nope\n", "HOT028", 6, 16, "declare it under conditions:")]
    [InlineData("resources:\n  v:\n    type: OS::Heat::RandomString\n    properties: { length: 0 }\n", "HOT036", 5, 27, null)]
    [InlineData("resources:\n  v:\n    type: OS::Cinder::Volume\n    properties: { size: [1] }\n", "HOT035", 5, 25, null)]
    [InlineData("outputs:\n  o:\n    description: x\n", "HOT039", 3, 3, "add `value:` with what the output shows")]
    [InlineData("paramters: {}\n", "HOT003", 2, 1, "did you mean 'parameters'?")]
    public void An_error_is_reported_with_its_code_place_and_hint(string body, string code, int line, int column, string? hint)
    {
        var result = TemplateFiles.Parse(Head + body);

        var error = Assert.Single(result.Errors());
        Assert.Equal((code, line, column), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column));
        if (hint is not null)
        {
            Assert.Equal(hint, error.Hint);
        }
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var result = TemplateFiles.Parse(Head + """
            resources:
              a:
                type: OS::Nova::Server
                properties:
                  image: { get_param: img }
                  colour: blue
              b:
                type: OS::Trove::Instance
              c:
                type: OS::Cinder::VolumeAttachment
                properties:
                  volume_id: { get_resource: nowhere }
            outputs:
              o:
                value: { get_attr: [a, nonsense] }
            """);

        Assert.Equal("HOT034,HOT020,HOT033,HOT031,HOT034,HOT021,HOT023", result.Codes());
    }

    [Fact]
    public void An_undeclared_parameter_in_an_output_is_a_located_warning_and_stays_an_error_elsewhere()
    {
        var result = TemplateFiles.Parse(Head + "parameters:\n  size: {type: number}\nresources:\n  v:\n    type: OS::Heat::Value\n    properties: { value: { get_param: nope } }\noutputs:\n  o:\n    value: { get_param: sise }\n");

        var error = Assert.Single(result.Errors());
        Assert.Equal(("HOT020", 7, 39), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column));
        var warning = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Equal(("HOT020", 10, 25, "outputs.o.value.get_param"), (warning.Code, warning.Span!.Value.Line, warning.Span!.Value.Column, warning.Span!.Value.Path));
        Assert.Contains("parameter 'sise' is not declared", warning.Message, StringComparison.Ordinal);
        Assert.Equal("did you mean 'size'?", warning.Hint);
    }

    [Fact]
    public void An_unsupported_type_names_the_type_and_its_service()
    {
        var result = TemplateFiles.Parse(Head + "resources:\n  db:\n    type: OS::Trove::Instance\n  obj:\n    type: OS::Swift::Container\n");

        Assert.Equal(
            ["unsupported resource type 'OS::Trove::Instance': the Database service's types are not implemented",
             "unsupported resource type 'OS::Swift::Container': the Object Storage service's types are not implemented"],
            result.Errors().Select(e => e.Message));
    }

    [Fact]
    public void Every_dependency_cycle_is_reported_once_in_declaration_order()
    {
        var result = TemplateFiles.Parse(Head + """
            resources:
              a:
                type: OS::Heat::Value
                properties: { value: { get_attr: [b, value] } }
              b:
                type: OS::Heat::Value
                properties: { value: { get_resource: a } }
              c:
                type: OS::Heat::None
                depends_on: c
              d:
                type: OS::Heat::Value
                properties: { value: 1 }
            """);

        Assert.Equal(
            ["resources depend on each other in a cycle: a → b → a", "resources depend on each other in a cycle: c → c"],
            result.Errors().Select(e => e.Message));
        Assert.All(result.Errors(), e => Assert.Equal("HOT037", e.Code));
    }

    [Fact]
    public void Condition_cycles_and_functions_not_allowed_in_conditions_are_errors()
    {
        var result = TemplateFiles.Parse(Head + """
            conditions:
              a: { not: b }
              b: { and: [a, true] }
              c: { equals: [{ get_resource: r }, x] }
            resources:
              r: { type: OS::Heat::None }
            """);

        Assert.Equal("HOT029,HOT027", result.Codes());
    }

    [Fact]
    public void Required_properties_are_not_required_of_an_external_resource()
    {
        var result = TemplateFiles.Parse("heat_template_version: newton\nresources:\n  s:\n    type: OS::Nova::Server\n    external_id: abc\n");

        Assert.Empty(result.Errors());
    }

    [Fact]
    public void Nested_list_items_are_checked_against_their_schema()
    {
        var result = TemplateFiles.Parse(Head + """
            resources:
              s:
                type: OS::Neutron::Subnet
                properties:
                  network: n
                  cidr: 10.0.0.0/33
                  allocation_pools:
                    - { start: 10.0.0.10, ende: 10.0.0.20 }
            """);

        Assert.Equal(["HOT036", "HOT034", "HOT033"], result.Errors().Select(e => e.Code));
        Assert.Equal("did you mean 'end'?", result.Errors().ElementAt(2).Hint);
    }

    [Fact]
    public void A_function_with_other_keys_beside_it_is_data_and_a_warning()
    {
        var result = TemplateFiles.Parse(Head + "outputs:\n  o:\n    value: { get_attr: s, console_urls }\n");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, "HOT044"), (warning.Severity, warning.Code));
    }

    [Fact]
    public void A_missing_version_and_an_unknown_version_are_errors()
    {
        Assert.Equal("HOT001", TemplateFiles.Parse("resources: {}\n").Codes());
        var unknown = TemplateFiles.Parse("heat_template_version: 2019-01-01\n");
        Assert.Equal("HOT002", unknown.Codes());
    }
}
