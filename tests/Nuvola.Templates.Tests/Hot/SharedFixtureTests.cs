using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;

namespace Nuvola.Templates.Tests.Hot;

/// <summary>The seed's template and the shared HOT fixtures (../shared, present on the project's machines; when it is
/// absent these tests check only that it is absent, and do not fail).</summary>
public sealed class SharedFixtureTests
{
    private static readonly string Seed = Path.Combine(TemplateFiles.SharedFixtures, "seed", "fg-instance.hot.yaml");

    public static TheoryData<string> HotFixtures()
    {
        var directory = Path.Combine(TemplateFiles.SharedFixtures, "hot");
        var data = new TheoryData<string>();
        if (!Directory.Exists(directory))
        {
            data.Add("(absent)");
            return data;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(directory, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HotFixtures))]
    public void Every_shared_hot_fixture_validates_without_error(string file)
    {
        if (file == "(absent)")
        {
            Assert.False(Directory.Exists(Path.Combine(TemplateFiles.SharedFixtures, "hot")));
            return;
        }

        var result = TemplateLoader.Load(Path.Combine(TemplateFiles.SharedFixtures, "hot", file));

        Assert.Equal(TemplateLanguage.Hot, result.Language);
        Assert.NotNull(result.Topology);
        Assert.Empty(result.Errors().Select(d => d.ToString()));
    }

    public static TheoryData<string> ToscaFixtures()
    {
        var directory = Path.Combine(TemplateFiles.SharedFixtures, "tosca");
        var data = new TheoryData<string>();
        if (!Directory.Exists(directory))
        {
            data.Add("(absent)");
            return data;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(directory, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ToscaFixtures))]
    public void Every_shared_tosca_fixture_reaches_the_tosca_front_end_through_the_entry_point(string file)
    {
        if (file == "(absent)")
        {
            Assert.False(Directory.Exists(Path.Combine(TemplateFiles.SharedFixtures, "tosca")));
            return;
        }

        var result = TemplateLoader.Load(Path.Combine(TemplateFiles.SharedFixtures, "tosca", file));

        // The front end's own findings: none (a fixture's YAML problems, such as a duplicate key, are the loader's).
        Assert.Equal(TemplateLanguage.Tosca, result.Language);
        Assert.Empty(result.Errors().Where(d => !d.Code.StartsWith("YAML", StringComparison.Ordinal)).Select(d => d.ToString()));
        Assert.Contains(result.Diagnostics, d => d.Code == "TOSCA003");
    }

    [Fact]
    public void The_seed_tosca_template_gets_only_its_yaml_syntax_error_not_a_guess_at_its_language()
    {
        var seed = Path.Combine(TemplateFiles.SharedFixtures, "seed", "kubernetes-cluster.tosca.yaml");
        if (!File.Exists(seed))
        {
            Assert.False(Directory.Exists(TemplateFiles.SharedFixtures + "/seed"));
            return;
        }

        var result = TemplateLoader.Load(seed);

        var error = Assert.Single(result.Errors());
        Assert.Equal(("YAML001", 7, 1), (error.Code, error.Span!.Value.Line, error.Span!.Value.Column));
    }

    [Fact]
    public void The_seed_template_gives_exactly_the_undeclared_port_and_the_attachments_missing_properties()
    {
        if (!File.Exists(Seed))
        {
            Assert.False(Directory.Exists(TemplateFiles.SharedFixtures + "/seed"));
            return;
        }

        var result = HotTemplates.Load(Seed);

        var errors = result.Errors().Select(d => (d.Code, d.Span!.Value.Line, d.Span!.Value.Column, d.Span!.Value.Path, d.Message)).ToList();
        Assert.Equal(
            [
                ("HOT021", 21, 33, "resources.fg_instance.properties.networks[0].port.get_resource", "get_resource refers to resource 'fg_instance_port', which is not declared"),
                ("HOT034", 26, 3, "resources.fg_attachment", "resource 'fg_attachment' (OS::Cinder::VolumeAttachment) is missing the required property 'instance_uuid'"),
                ("HOT034", 26, 3, "resources.fg_attachment", "resource 'fg_attachment' (OS::Cinder::VolumeAttachment) is missing the required property 'volume_id'"),
            ],
            errors);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Contains("OS::Neutron::Port", result.Errors().First().Hint, StringComparison.Ordinal);
        Assert.Contains("{ get_resource: fg_instance }", result.Errors().ElementAt(1).Hint, StringComparison.Ordinal);
        Assert.Contains("{ get_resource: fg_volume }", result.Errors().ElementAt(2).Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fg-instance.hot.yaml")]
    [InlineData("hello.hot.yaml")]
    public void The_projects_examples_validate_without_any_diagnostic(string name)
    {
        var result = HotTemplates.Load(Path.Combine(TemplateFiles.RepositoryRoot(), "examples", name));

        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        Assert.NotEmpty(result.Topology!.Resources);
    }

    [Fact]
    public void The_completed_example_declares_the_port_and_wires_the_attachment()
    {
        var topology = HotTemplates.Load(Path.Combine(TemplateFiles.RepositoryRoot(), "examples", "fg-instance.hot.yaml")).Topology!;

        Assert.Equal("2018-08-31", topology.Version);
        Assert.Equal(["fg_instance", "fg_volume"], topology.FindResource("fg_attachment")!.Dependencies.ToArray());
        Assert.Contains("fg_instance_port", topology.FindResource("fg_instance")!.Dependencies);
    }
}
