using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;

namespace Nuvola.Templates.Tests.Hot;

public sealed class EnvironmentAndNestedTests
{
    private const string Server = "heat_template_version: 2021-04-16\nparameters:\n  size: { type: number }\n  name: { type: string, default: n }\nresources:\n  v:\n    type: OS::Cinder::Volume\n    properties: { size: { get_param: size } }\noutputs:\n  volume: { value: { get_resource: v } }\n";

    [Fact]
    public void Environment_parameters_must_be_declared_and_defaults_need_not_be()
    {
        var directory = TemplateFiles.Write(
            ("t.yaml", "heat_template_version: 2021-04-16\nparameters:\n  a: { type: string }\n"),
            ("env.yaml", "parameter_defaults:\n  other: 1\n  a: from-defaults\nparameters:\n  nope: 2\nevent_sinks:\n  - type: zaqar-queue\nresource_registy: {}\n"));

        var result = HotTemplates.Load(Path.Combine(directory, "t.yaml"), new TemplateOptions { EnvironmentFiles = [Path.Combine(directory, "env.yaml")] });

        Assert.Equal(["ENV003 error env.yaml:5:3", "ENV001 warning env.yaml:6:1", "ENV002 error env.yaml:8:1"],
            result.Diagnostics.Select(d => $"{d.Code} {d.Severity.ToString().ToLowerInvariant()} {Path.GetFileName(d.Span!.Value.File)}:{d.Span!.Value.Line}:{d.Span!.Value.Column}"));
        Assert.Equal("did you mean 'resource_registry'?", result.Diagnostics[2].Hint);
        Assert.Equal("from-defaults", result.Topology!.FindParameter("a")!.Value);
    }

    [Fact]
    public void The_registry_maps_a_type_to_a_template_whose_parameters_are_its_properties()
    {
        var directory = TemplateFiles.Write(
            ("lib/volume.yaml", Server),
            ("env.yaml", "resource_registry:\n  My::Volume: lib/volume.yaml\n  My::Alias: OS::Heat::Value\n"),
            ("t.yaml", "heat_template_version: 2021-04-16\nresources:\n  a:\n    type: My::Volume\n    properties: { sise: 1 }\n  b:\n    type: My::Alias\n    properties: { value: { get_attr: [a, volume] } }\n  c:\n    type: My::Alias\n    properties: { value: { get_attr: [a, volumes] } }\n"));

        var result = HotTemplates.Load(Path.Combine(directory, "t.yaml"), new TemplateOptions { EnvironmentFiles = [Path.Combine(directory, "env.yaml")] });

        Assert.Equal("HOT034,HOT033,HOT023", result.Codes());
        Assert.Equal("did you mean 'size'?", result.Errors().ElementAt(1).Hint);
        Assert.Equal("did you mean 'volume'?", result.Errors().ElementAt(2).Hint);
        Assert.Equal("lib/volume.yaml", result.Topology!.FindResource("a")!.ResolvedType);
        Assert.Equal("OS::Heat::Value", result.Topology!.FindResource("b")!.ResolvedType);
        Assert.True(result.Topology!.NestedTemplates.ContainsKey("lib/volume.yaml"));
    }

    [Fact]
    public void A_nested_templates_own_errors_are_reported_in_its_file()
    {
        var directory = TemplateFiles.Write(
            ("inner.yaml", "heat_template_version: 2021-04-16\nresources:\n  x:\n    type: OS::Nova::Sever\n"),
            ("t.yaml", "heat_template_version: 2021-04-16\nresources:\n  group:\n    type: OS::Heat::ResourceGroup\n    properties:\n      count: 2\n      resource_def:\n        type: inner.yaml\n"));

        var result = HotTemplates.Load(Path.Combine(directory, "t.yaml"));

        var error = Assert.Single(result.Errors());
        Assert.Equal(("HOT031", "inner.yaml", 4), (error.Code, Path.GetFileName(error.Span!.Value.File), error.Span!.Value.Line));
        Assert.Equal("did you mean 'OS::Nova::Server'?", error.Hint);
    }

    [Fact]
    public void A_resource_group_definition_is_checked_against_its_type()
    {
        var result = TemplateFiles.Parse("heat_template_version: 2021-04-16\nresources:\n  group:\n    type: OS::Heat::ResourceGroup\n    properties:\n      resource_def:\n        type: OS::Heat::RandomString\n        properties: { lenght: 8 }\n");

        Assert.Equal("HOT033", result.Codes());
    }

    [Fact]
    public void A_template_that_contains_itself_and_a_missing_template_are_errors()
    {
        var directory = TemplateFiles.Write(
            ("a.yaml", "heat_template_version: 2021-04-16\nresources:\n  b: { type: b.yaml }\n  m: { type: missing.yaml }\n"),
            ("b.yaml", "heat_template_version: 2021-04-16\nresources:\n  a: { type: a.yaml }\n"));

        var result = HotTemplates.Load(Path.Combine(directory, "a.yaml"));

        Assert.Equal(["b.yaml: nested template 'a.yaml' uses itself (directly or through other templates)", "a.yaml: nested template 'missing.yaml' of resource 'm' does not exist"],
            result.Errors().Select(e => $"{Path.GetFileName(e.Span!.Value.File)}: {e.Message}").Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Get_file_reads_relative_to_the_template_and_a_missing_file_is_located()
    {
        var directory = TemplateFiles.Write(
            ("scripts/boot.sh", "#!/bin/sh\necho hi\n"),
            ("t.yaml", "heat_template_version: 2021-04-16\nresources:\n  c:\n    type: OS::Heat::SoftwareConfig\n    properties:\n      config: { get_file: scripts/boot.sh }\n  d:\n    type: OS::Heat::SoftwareConfig\n    properties:\n      config: { get_file: scripts/nope.sh }\n"));

        var result = HotTemplates.Load(Path.Combine(directory, "t.yaml"));

        var error = Assert.Single(result.Errors());
        Assert.Equal(("HOT040", 10, 27), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column));
        var config = result.Topology!.FindResource("c")!.Properties!["config"];
        Assert.Equal("#!/bin/sh\necho hi\n", Assert.IsType<Model.Topology.LiteralExpression>(config).Value);
    }

    [Fact]
    public void A_missing_environment_file_is_an_error_not_an_exception()
    {
        var result = TemplateFiles.Parse("heat_template_version: 2021-04-16\n", new TemplateOptions { EnvironmentFiles = ["/no/such/env.yaml"] });

        Assert.Equal((Severity.Error, "YAML007"), (result.Diagnostics[0].Severity, result.Diagnostics[0].Code));
    }
}
