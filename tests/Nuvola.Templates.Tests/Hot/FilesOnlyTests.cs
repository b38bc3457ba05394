using Nuvola.Model.Topology;
using Nuvola.Templates.Hot;

namespace Nuvola.Templates.Tests.Hot;

/// <summary>
/// TemplateOptions.FilesOnly (the Heat API): get_file, nested templates, registry targets, environment files and
/// the root template come from the files map only; files on disk beside the template, absolute paths and ../ are
/// errors naming the file. The same loads without it (the CLI) read the disk.
/// </summary>
public sealed class FilesOnlyTests
{
    private const string Secret = "secret-on-disk";

    private const string Nested = "heat_template_version: 2021-04-16\noutputs:\n  o: {value: nested-on-disk}\n";

    private static string DiskTemplate(string getFile, string type) =>
        $"heat_template_version: 2021-04-16\nresources:\n  v:\n    type: OS::Heat::Value\n    properties:\n      value: {{ get_file: '{getFile}' }}\n  n:\n    type: '{type}'\n";

    private static string? Value(TemplateResult result) =>
        result.Topology?.FindResource("v")?.Properties?["value"] is LiteralExpression { Value: string text } ? text : null;

    [Fact]
    public void Files_beside_the_template_absolute_paths_and_parent_paths_are_not_read()
    {
        var directory = TemplateFiles.Write(("secret.txt", Secret), ("nested.yaml", Nested), ("sub/t.yaml", string.Empty),
            ("env.yaml", "resource_registry:\n  My::Nested: nested.yaml\n"));
        var file = Path.Combine(directory, "sub", "t.yaml");
        foreach (var (getFile, type) in new[]
        {
            ("../secret.txt", "../nested.yaml"),
            (Path.Combine(directory, "secret.txt"), Path.Combine(directory, "nested.yaml")),
            ("file://" + Path.Combine(directory, "secret.txt"), "file://" + Path.Combine(directory, "nested.yaml")),
        })
        {
            var text = DiskTemplate(getFile, type);

            var disk = HotTemplates.Parse(text, file);
            Assert.Equal(getFile.StartsWith("file://", StringComparison.Ordinal) ? null : Secret, Value(disk));

            var filesOnly = HotTemplates.Parse(text, file, new TemplateOptions { FilesOnly = true });
            Assert.Null(Value(filesOnly));
            Assert.Empty(filesOnly.Topology!.NestedTemplates);
            Assert.Contains(filesOnly.Errors(), d => d.Code == "HOT040" && d.Message.Contains($"get_file path: {getFile}", StringComparison.Ordinal));
            Assert.Contains(filesOnly.Errors(), d => d.Code == "HOT041" && d.Message.Contains($"Could not fetch remote template \"{type}\"", StringComparison.Ordinal));
            Assert.DoesNotContain(filesOnly.Diagnostics, d => d.Message.Contains(Secret, StringComparison.Ordinal));
        }

        // An environment file and a registry target on disk, and the root template itself, are names of the map too.
        var registry = HotTemplates.Parse("heat_template_version: 2021-04-16\nresources:\n  n: {type: My::Nested}\n", file,
            new TemplateOptions { FilesOnly = true, EnvironmentFiles = [Path.Combine(directory, "env.yaml")] });
        Assert.Contains(registry.Errors(), d => d.Message.Contains($"no content found in the files map for '{Path.Combine(directory, "env.yaml")}'", StringComparison.Ordinal));
        var mapped = HotTemplates.Parse("heat_template_version: 2021-04-16\nresources:\n  n: {type: My::Nested}\n", file,
            new TemplateOptions { FilesOnly = true, EnvironmentTexts = [$"resource_registry:\n  My::Nested: {Path.Combine(directory, "nested.yaml")}\n"] });
        Assert.Empty(mapped.Topology!.NestedTemplates);
        Assert.Contains(mapped.Errors(), d => d.Code == "ENV004");
        var root = HotTemplates.Load(Path.Combine(directory, "nested.yaml"), new TemplateOptions { FilesOnly = true });
        Assert.Null(root.Topology);
        Assert.Equal("YAML007", Assert.Single(root.Errors()).Code);
        Assert.NotNull(HotTemplates.Load(Path.Combine(directory, "nested.yaml")).Topology);
    }

    [Fact]
    public void The_files_map_serves_names_as_written_and_relative_to_the_naming_file_but_not_above_its_root()
    {
        var files = new Dictionary<string, string>
        {
            ["file:///home/u/stack/nested/a.yaml"] = "heat_template_version: 2021-04-16\nresources:\n  x: {type: OS::Heat::Value, properties: {value: {get_file: ../b.txt}}}\n",
            ["file:///home/u/stack/b.txt"] = "b by a relative name",
            ["sub/c.yaml"] = "heat_template_version: 2021-04-16\nresources:\n  y: {type: OS::Heat::Value, properties: {value: {get_file: ../../escape.txt}}}\n",
            ["data.txt"] = "data",
            ["provider.yaml"] = Nested,
        };
        var result = TemplateFiles.Parse(
            "heat_template_version: 2021-04-16\nresources:\n  v: {type: OS::Heat::Value, properties: {value: {get_file: data.txt}}}\n  a: {type: 'file:///home/u/stack/nested/a.yaml'}\n  p: {type: My::P}\n",
            new TemplateOptions { Files = files, FilesOnly = true, EnvironmentTexts = ["resource_registry:\n  My::P: provider.yaml\n"] });
        Assert.Empty(result.Errors());
        Assert.Equal("data", Value(result));
        var a = result.Topology!.NestedTemplates["file:///home/u/stack/nested/a.yaml"];
        Assert.Equal("b by a relative name", Assert.IsType<LiteralExpression>(a.FindResource("x")!.Properties!["value"]).Value);
        Assert.Contains("provider.yaml", result.Topology.NestedTemplates.Keys);

        var escape = TemplateFiles.Parse("heat_template_version: 2021-04-16\nresources:\n  c: {type: sub/c.yaml}\n",
            new TemplateOptions { Files = files, FilesOnly = true });
        Assert.Contains(escape.Errors(), d => d.Code == "HOT040" && d.Message.Contains("get_file path: ../../escape.txt", StringComparison.Ordinal));
    }
}
