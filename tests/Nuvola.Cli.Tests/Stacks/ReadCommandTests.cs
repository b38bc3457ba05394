using System.Text.Json;
using YamlDotNet.Serialization;

namespace Nuvola.Cli.Tests.Stacks;

public sealed class ReadCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly StateFixture _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Stacks_lists_each_stack_with_heat_status_and_resource_count()
    {
        await _state.RecordAsync("web");

        using var table = await RunAsync("stacks");
        using var json = await RunAsync("stacks", "-f", "json");

        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains(table.Output, l => l.StartsWith("web ", StringComparison.Ordinal) && l.Contains("CREATE_COMPLETE", StringComparison.Ordinal) && l.Contains(" 1 ", StringComparison.Ordinal));
        var stack = JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("stacks")[0];
        Assert.Equal("web", stack.GetProperty("name").GetString());
        Assert.Equal("CREATE_COMPLETE", stack.GetProperty("status").GetString());
        Assert.Equal(1, stack.GetProperty("resources").GetInt32());
    }

    [Fact]
    public async Task Stacks_with_no_state_lists_nothing_and_creates_nothing()
    {
        Directory.Delete(_state.Home);

        using var json = await RunAsync("stacks", "-f", "json");

        Assert.Equal(ExitCodes.Success, json.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("stacks").GetArrayLength());
        Assert.False(Directory.Exists(_state.Home));
    }

    [Fact]
    public async Task Outputs_hide_secrets_unless_asked_and_value_prints_one_raw()
    {
        await _state.RecordAsync("web");

        using var json = await RunAsync("outputs", "web", "-f", "json");
        using var revealed = await RunAsync("outputs", "--stack", "web", "-f", "json", "--show-secrets");
        using var value = await RunAsync("outputs", "web", "--value", "greeting");
        using var table = await RunAsync("outputs", "web");

        var outputs = JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("outputs");
        Assert.Equal("Hello, world!", outputs.GetProperty("greeting").GetString());
        Assert.Equal("(sensitive)", outputs.GetProperty("password").GetString());
        Assert.Equal(2, outputs.GetProperty("ports")[1].GetInt32());
        Assert.Equal("s3cret-value", JsonDocument.Parse(revealed.StandardOutput).RootElement.GetProperty("outputs").GetProperty("password").GetString());
        Assert.Equal("Hello, world!", value.StandardOutput);
        Assert.DoesNotContain("s3cret-value", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(table.Output, l => l.StartsWith("greeting", StringComparison.Ordinal) && l.Contains("Hello, world!", StringComparison.Ordinal) && l.Contains("A greeting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_output_is_a_usage_error_naming_the_known_ones()
    {
        await _state.RecordAsync("web");

        using var nuvola = await RunAsync("outputs", "web", "--value", "nope");

        Assert.Equal(ExitCodes.Usage, nuvola.ExitCode);
        Assert.Contains(nuvola.Output, l => l.Contains("no output 'nope'", StringComparison.Ordinal) && l.Contains("greeting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Yaml_output_reads_back_as_the_json_document()
    {
        await _state.RecordAsync("web");

        using var yaml = await RunAsync("show", "web", "-f", "yaml");
        using var json = await RunAsync("show", "web", "-f", "json");

        var fromYaml = new DeserializerBuilder().Build().Deserialize<object>(yaml.StandardOutput);
        var yamlAsJson = JsonSerializer.Serialize(new SerializerBuilder().JsonCompatible().Build().Serialize(fromYaml) is var text ? JsonDocument.Parse(text).RootElement : default);
        var stack = JsonDocument.Parse(yamlAsJson).RootElement.GetProperty("stack");
        var expected = JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("stack");
        Assert.Equal(expected.GetProperty("name").GetString(), stack.GetProperty("name").GetString());
        Assert.Equal("Hello, world!", stack.GetProperty("outputs").GetProperty("greeting").GetString());
        Assert.Equal("8d5c6f1e-net", stack.GetProperty("resources")[0].GetProperty("physical_id").GetString());
        Assert.Equal(expected.GetProperty("created_at").GetString(), stack.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task Resources_and_events_come_from_the_state()
    {
        await _state.RecordAsync("web");

        using var resources = await RunAsync("resources", "web", "-f", "json");
        using var events = await RunAsync("events", "web");
        using var last = await RunAsync("events", "web", "-n", "1", "-f", "json");

        var resource = JsonDocument.Parse(resources.StandardOutput).RootElement.GetProperty("resources")[0];
        Assert.Equal("net", resource.GetProperty("name").GetString());
        Assert.Equal("OS::Neutron::Net", resource.GetProperty("type").GetString());
        Assert.Equal("READY", resource.GetProperty("status").GetString());
        Assert.Contains(events.Output, l => l.Contains("net", StringComparison.Ordinal) && l.Contains("CREATE", StringComparison.Ordinal) && l.Contains("IN_PROGRESS", StringComparison.Ordinal));
        var only = JsonDocument.Parse(last.StandardOutput).RootElement.GetProperty("events");
        Assert.Equal(1, only.GetArrayLength());
        Assert.Equal("COMPLETE", only[0].GetProperty("status").GetString());
        Assert.Equal("2026-11-24T03:00:01Z", only[0].GetProperty("time").GetString());
    }

    [Fact]
    public async Task A_stack_that_does_not_exist_is_exit_code_5()
    {
        await _state.RecordAsync("web");

        using var show = await RunAsync("show", "nothere");
        using var events = await RunAsync("events", "--stack", "nothere");

        Assert.Equal(ExitCodes.StackNotFound, show.ExitCode);
        Assert.Equal(ExitCodes.StackNotFound, events.ExitCode);
        Assert.Contains(show.Output, l => l.Contains("stack 'nothere' does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_stack_name_of_a_template_file_is_its_base_name()
    {
        await _state.RecordAsync("web");

        using var show = await RunAsync("show", "templates/web.hot.yaml", "-f", "json");

        Assert.Equal(ExitCodes.Success, show.ExitCode);
        Assert.Equal("web", JsonDocument.Parse(show.StandardOutput).RootElement.GetProperty("stack").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Destroy_without_yes_and_no_terminal_refuses_with_exit_code_4_and_changes_nothing()
    {
        await _state.RecordAsync("web");

        using var destroy = await RunAsync("destroy", "--stack", "web");

        Assert.Equal(ExitCodes.NotConfirmed, destroy.ExitCode);
        Assert.Contains(destroy.Output, l => l.Contains("--yes", StringComparison.Ordinal));
        Assert.True(await _state.ExistsAsync("web"));
    }

    [Fact]
    public async Task State_can_be_named_with_state_instead_of_nuvola_home()
    {
        await _state.RecordAsync("web");
        var elsewhere = new Dictionary<string, string?> { ["NUVOLA_HOME"] = Path.Combine(_state.Home, "unused") };

        using var stacks = await NuvolaProcess.RunAsync(elsewhere, Deadline, "stacks", "--state", _state.Home, "-f", "json");

        Assert.Equal("web", JsonDocument.Parse(stacks.StandardOutput).RootElement.GetProperty("stacks")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("deploy", "--rollback", "--no-rollback", "t.yaml")]
    [InlineData("deploy", "--stack", "9lives", "t.yaml")]
    [InlineData("deploy", "no-such-template.yaml")]
    [InlineData("plan", "-P", "novalue", "t.yaml")]
    [InlineData("destroy")]
    [InlineData("stacks", "-f", "xml")]
    public async Task Bad_usage_is_exit_code_2(params string[] args)
    {
        File.WriteAllText(Path.Combine(_state.Home, "t.yaml"), "heat_template_version: 2021-04-16\nresources: {}\n");
        var withFiles = args.Select(a => a == "t.yaml" ? Path.Combine(_state.Home, a) : a).ToArray();

        using var nuvola = await RunAsync(withFiles);

        Assert.Equal(ExitCodes.Usage, nuvola.ExitCode);
    }

    private Task<NuvolaProcess> RunAsync(params string[] args) => NuvolaProcess.RunAsync(_state.Environment, Deadline, args);
}
