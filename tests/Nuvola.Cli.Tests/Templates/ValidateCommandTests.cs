using System.Text.Json;
using Nuvola.Testing;

namespace Nuvola.Cli.Tests.Templates;

public sealed class ValidateCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private const string Broken = """
        heat_template_version: 2018-08-31
        resources:
          server:
            type: OS::Nova::Server
            properties:
              flavor: m1.small
              networks:
                - port: { get_resource: server_port }
          attachment:
            type: OS::Cinder::VolumeAttachment
        """;

    [Fact]
    public async Task Json_output_has_the_documented_shape_and_an_error_exits_3()
    {
        var file = Write(Broken);
        using var nuvola = NuvolaProcess.Start("validate", "-f", "json", file);

        var exitCode = await nuvola.WaitForExitAsync(Deadline);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        using var json = JsonDocument.Parse(string.Join('\n', nuvola.Output));
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(["diagnostics"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, diagnostics.Count);
        foreach (var diagnostic in diagnostics)
        {
            Assert.Equal(JsonValueKind.String, diagnostic.GetProperty("severity").ValueKind);
            Assert.Equal(JsonValueKind.String, diagnostic.GetProperty("code").ValueKind);
            Assert.Equal(JsonValueKind.String, diagnostic.GetProperty("message").ValueKind);
            Assert.Equal(file, diagnostic.GetProperty("file").GetString());
            Assert.True(diagnostic.GetProperty("line").GetInt32() >= 1);
            Assert.True(diagnostic.GetProperty("column").GetInt32() >= 1);
            Assert.Equal(JsonValueKind.String, diagnostic.GetProperty("path").ValueKind);
        }

        var first = diagnostics[0];
        Assert.Equal(("error", "HOT021", 8, 33, "resources.server.properties.networks[0].port.get_resource"),
            (first.GetProperty("severity").GetString(), first.GetProperty("code").GetString(), first.GetProperty("line").GetInt32(),
             first.GetProperty("column").GetInt32(), first.GetProperty("path").GetString()));
        Assert.Equal(["HOT034", "HOT034"], diagnostics.Skip(1).Select(d => d.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_valid_template_prints_an_empty_list_and_exits_0()
    {
        var example = Path.Combine(Repository.Root, "examples", "fg-instance.hot.yaml");
        using var nuvola = NuvolaProcess.Start("validate", "--format", "json", example);

        Assert.Equal(ExitCodes.Success, await nuvola.WaitForExitAsync(Deadline));
        using var json = JsonDocument.Parse(string.Join('\n', nuvola.Output));
        Assert.Empty(json.RootElement.GetProperty("diagnostics").EnumerateArray());
    }

    [Fact]
    public async Task Table_output_reads_file_line_column_severity_code_message_then_the_hint()
    {
        var file = Write(Broken);
        using var nuvola = NuvolaProcess.Start("validate", file);

        Assert.Equal(ExitCodes.InvalidInput, await nuvola.WaitForExitAsync(Deadline));
        var lines = nuvola.Output.ToList();
        Assert.Contains($"{file}:8:33: error HOT021: get_resource refers to resource 'server_port', which is not declared", lines);
        Assert.Contains("    hint: declare it under resources: (server_port: {type: OS::Neutron::Port, properties: …})", lines);
        Assert.Contains($"{file}: 3 errors, 0 warnings", lines);
    }

    [Fact]
    public async Task Parameters_and_environments_are_applied()
    {
        var directory = Path.GetDirectoryName(Write(string.Empty))!;
        var template = Path.Combine(directory, "t.yaml");
        File.WriteAllText(template, "heat_template_version: 2021-04-16\nparameters:\n  size:\n    type: number\n    constraints:\n      - range: { min: 1 }\n");
        var environment = Path.Combine(directory, "env.yaml");
        File.WriteAllText(environment, "parameters:\n  size: 0\nevent_sinks: []\n");

        using var fromEnvironment = NuvolaProcess.Start("validate", "-f", "json", "-e", environment, template);
        using var overridden = NuvolaProcess.Start("validate", "-f", "json", "-e", environment, "-P", "size=2", template);

        Assert.Equal(ExitCodes.InvalidInput, await fromEnvironment.WaitForExitAsync(Deadline));
        Assert.Equal(ExitCodes.Success, await overridden.WaitForExitAsync(Deadline));
        Assert.Contains(fromEnvironment.Output, l => l.Contains("\"HOT013\"", StringComparison.Ordinal));
        Assert.Contains(overridden.Output, l => l.Contains("\"ENV001\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_thousand_open_brackets_exit_3_with_a_located_depth_error_not_a_crash()
    {
        var file = Write(new string('[', 10_000));
        using var nuvola = NuvolaProcess.Start("validate", file);

        Assert.Equal(ExitCodes.InvalidInput, await nuvola.WaitForExitAsync(Deadline));
        Assert.Contains(nuvola.Output, l => l.StartsWith($"{file}:1:129: error YAML009: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Many_diagnostics_print_the_first_fifty_then_count_the_rest_and_json_keeps_them_all()
    {
        var file = Write("heat_template_version: 2021-04-16\n" + string.Concat(Enumerable.Range(0, 70).Select(i => $"extra{i}: 1\n")));
        using var table = NuvolaProcess.Start("validate", file);
        using var json = NuvolaProcess.Start("validate", "-f", "json", file);

        Assert.Equal(ExitCodes.InvalidInput, await table.WaitForExitAsync(Deadline));
        Assert.Equal(ExitCodes.InvalidInput, await json.WaitForExitAsync(Deadline));
        Assert.Equal(50, table.Output.Count(l => l.Contains(" error HOT003: ", StringComparison.Ordinal)));
        Assert.Contains("… and 20 more (-f json lists up to 1000)", table.Output);
        Assert.Contains($"{file}: 70 errors, 0 warnings", table.Output);
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(70, document.RootElement.GetProperty("diagnostics").GetArrayLength());
        Assert.False(document.RootElement.TryGetProperty("omitted", out _));
    }

    [Fact]
    public async Task An_empty_tosca_document_is_answered_by_the_tosca_front_end_and_exits_0()
    {
        var file = Write("tosca_definitions_version: tosca_simple_yaml_1_3\n");
        using var nuvola = NuvolaProcess.Start("validate", "-f", "json", file);

        Assert.Equal(ExitCodes.Success, await nuvola.WaitForExitAsync(Deadline));
        using var json = JsonDocument.Parse(string.Join('\n', nuvola.Output));
        var only = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList());
        Assert.Equal(("info", "TOSCA003", file, 1, 1),
            (only.GetProperty("severity").GetString(), only.GetProperty("code").GetString(), only.GetProperty("file").GetString(),
             only.GetProperty("line").GetInt32(), only.GetProperty("column").GetInt32()));
        Assert.StartsWith("TOSCA front end", only.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("description: a misspelt key\nheat_template_versoin: 2021-04-16\n", "heat_template_version")]
    [InlineData("description: a misspelt key\ntosca_definition_version: tosca_simple_yaml_1_3\n", "tosca_definitions_version")]
    public async Task A_misspelt_version_key_is_one_located_error_with_the_nearest_key(string text, string nearest)
    {
        var file = Write(text);
        using var nuvola = NuvolaProcess.Start("validate", file);

        Assert.Equal(ExitCodes.InvalidInput, await nuvola.WaitForExitAsync(Deadline));
        var lines = nuvola.Output.ToList();
        Assert.Contains(lines, l => l.StartsWith($"{file}:2:1: error TPL001: unknown top-level key", StringComparison.Ordinal));
        Assert.Contains($"    hint: did you mean '{nearest}'?", lines);
        Assert.Contains($"{file}: 1 error, 0 warnings", lines);
    }

    [Theory]
    [InlineData("validate", "-f", "xml", "x.yaml")]
    [InlineData("validate", "-P", "novalue", "x.yaml")]
    [InlineData("validate", "/no/such/template.yaml")]
    [InlineData("validate")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var file = Write("heat_template_version: 2021-04-16\n");
        var arguments = args.Select(a => a == "x.yaml" ? file : a).ToArray();
        using var nuvola = NuvolaProcess.Start(arguments);

        Assert.Equal(ExitCodes.Usage, await nuvola.WaitForExitAsync(Deadline));
    }

    private static string Write(string text)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-validate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "template.yaml");
        File.WriteAllText(file, text);
        return file;
    }
}
