using System.Text.Json;
using Nuvola.Engine.State;
using Nuvola.Testing;

namespace Nuvola.Cli.Tests.Stacks;

/// <summary>plan, deploy and destroy of stacks that need no cloud (OS::Heat::*), through the real program.</summary>
public sealed class DeployCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly StateFixture _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task The_hello_example_deploys_shows_its_outputs_and_destroys_without_any_cloud()
    {
        var hello = Path.Combine(Repository.Root, "examples", "hello.hot.yaml");

        using var deploy = await RunAsync("deploy", hello);
        using var outputs = await RunAsync("outputs", hello, "-f", "json", "--show-secrets");
        using var again = await RunAsync("up", hello, "-f", "json");
        using var outputsAgain = await RunAsync("outputs", "hello", "-f", "json", "--show-secrets");
        using var destroy = await RunAsync("destroy", "hello", "--yes");
        using var stacks = await RunAsync("stacks", "-f", "json");

        Assert.Equal(ExitCodes.Success, deploy.ExitCode);
        Assert.Contains(deploy.Output, l => l.StartsWith("Stack hello deployed: CREATE_COMPLETE", StringComparison.Ordinal));
        Assert.Contains(deploy.Output, l => l.StartsWith("greeting", StringComparison.Ordinal) && l.Contains("Hello, world!", StringComparison.Ordinal));
        var first = JsonDocument.Parse(outputs.StandardOutput).RootElement.GetProperty("outputs");
        Assert.Equal("Hello, world!", first.GetProperty("greeting").GetString());
        Assert.Equal(16, first.GetProperty("password").GetString()!.Length);
        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.True(JsonDocument.Parse(again.StandardOutput).RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal(first.GetProperty("password").GetString(), JsonDocument.Parse(outputsAgain.StandardOutput).RootElement.GetProperty("outputs").GetProperty("password").GetString());
        Assert.Equal(ExitCodes.Success, destroy.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(stacks.StandardOutput).RootElement.GetProperty("stacks").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(_state.Home, "cloud")), "a stack with no cloud resources must not start the embedded cloud");
    }

    [Fact]
    public async Task Plan_and_deploy_of_a_tosca_document_stop_with_the_tosca_front_ends_located_error()
    {
        var file = Template("service.yaml", "tosca_definitions_version: tosca_simple_yaml_1_3\n");

        using var plan = await RunAsync("plan", file);
        using var deploy = await RunAsync("deploy", file);

        foreach (var run in new[] { plan, deploy })
        {
            Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
            Assert.Contains(run.Output, l => l.Contains(":1:1: error TOSCA003: deploying TOSCA templates is not implemented yet", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Plan_shows_an_update_in_place_with_its_property_and_changes_nothing()
    {
        var file = Template("greet.yaml", Greeting);
        using var deploy = await RunAsync("deploy", file);

        using var plan = await RunAsync("plan", file, "-P", "who=you");
        using var json = await RunAsync("plan", file, "-P", "who=you", "-f", "json");
        using var outputs = await RunAsync("outputs", "greet", "--value", "text");

        Assert.Equal(ExitCodes.Success, deploy.ExitCode);
        Assert.Equal(ExitCodes.Success, plan.ExitCode);
        Assert.Contains(plan.Output, l => l.Contains("~", StringComparison.Ordinal) && l.Contains("greeting", StringComparison.Ordinal) && l.Contains("update", StringComparison.Ordinal));
        Assert.Contains(plan.Output, l => l.Contains("value:", StringComparison.Ordinal) && l.Contains("Hello, you!", StringComparison.Ordinal));
        Assert.Contains(plan.Output, l => l.StartsWith("Plan: 0 to create, 1 to update, 0 to replace, 0 to delete", StringComparison.Ordinal));
        var document = JsonDocument.Parse(json.StandardOutput).RootElement;
        Assert.Equal(1, document.GetProperty("summary").GetProperty("update").GetInt32());
        var change = document.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "greeting");
        Assert.Equal("update", change.GetProperty("action").GetString());
        Assert.Equal("Hello, world!", outputs.StandardOutput);
    }

    [Fact]
    public async Task Progress_is_one_plain_line_per_event_off_a_terminal_and_a_redrawn_table_when_live()
    {
        var file = Template("greet.yaml", Greeting);

        using var plain = await RunAsync("deploy", file);
        using var live = await NuvolaProcess.RunAsync(
            new Dictionary<string, string?>(_state.Environment) { ["NUVOLA_PROGRESS"] = "live", ["NO_COLOR"] = "1" }, Deadline,
            "deploy", file, "--stack", "greet2");

        Assert.Equal(ExitCodes.Success, plain.ExitCode);
        Assert.Contains(plain.Output, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d  greeting  OS::Heat::Value  CREATE_COMPLETE"));
        Assert.Contains(plain.Output, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d  greeting  OS::Heat::Value  CREATE_IN_PROGRESS"));
        Assert.DoesNotContain(plain.Output, l => l.Contains('\u001b', StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Success, live.ExitCode);
        Assert.Contains(live.Output, l => l.Contains("\u001b[2K", StringComparison.Ordinal) && l.Contains("Deploying greet2:", StringComparison.Ordinal));
        Assert.Contains(live.Output, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\u001b\[\d+F"));
    }

    [Fact]
    public async Task A_failed_deploy_is_exit_1_and_resumes_without_rollback_or_is_undone_with_it()
    {
        var failing = Template("flaky.yaml", Flaky(fail: true));

        using var kept = await RunAsync("deploy", failing, "--stack", "kept");
        using var keptResources = await RunAsync("resources", "kept", "-f", "json");
        using var rolled = await RunAsync("deploy", failing, "--stack", "rolled", "--rollback", "-f", "json");
        using var rolledResources = await RunAsync("resources", "rolled", "-f", "json");
        using var resumed = await RunAsync("deploy", Template("flaky.yaml", Flaky(fail: false)), "--stack", "kept");
        using var events = await RunAsync("events", "kept", "-f", "json");

        Assert.Equal(ExitCodes.Failure, kept.ExitCode);
        Assert.Contains(kept.Output, l => l.Contains("broken (OS::Heat::TestResource) failed", StringComparison.Ordinal));
        Assert.Contains(kept.Output, l => l.Contains("run the same deploy again", StringComparison.Ordinal));
        var names = JsonDocument.Parse(keptResources.StandardOutput).RootElement.GetProperty("resources").EnumerateArray()
            .Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains("fine", names);
        Assert.Equal(ExitCodes.Failure, rolled.ExitCode);
        var result = JsonDocument.Parse(rolled.StandardOutput).RootElement;
        Assert.True(result.GetProperty("rolled_back").GetBoolean());
        Assert.Equal("broken", result.GetProperty("failures")[0].GetProperty("resource").GetString());
        Assert.True(rolledResources.ExitCode == ExitCodes.StackNotFound || !JsonDocument.Parse(rolledResources.StandardOutput).RootElement
            .GetProperty("resources").EnumerateArray().Any(r => r.GetProperty("status").GetString() == "READY"), "a rolled back create leaves no resource");
        Assert.Equal(ExitCodes.Success, resumed.ExitCode);
        Assert.Contains(JsonDocument.Parse(events.StandardOutput).RootElement.GetProperty("events").EnumerateArray(),
            e => e.GetProperty("resource").GetString() == "broken" && e.GetProperty("status").GetString() == "FAILED");
        Assert.Equal(1, JsonDocument.Parse(events.StandardOutput).RootElement.GetProperty("events").EnumerateArray()
            .Count(e => e.GetProperty("resource").GetString() == "fine" && e.GetProperty("action").GetString() == "CREATE" && e.GetProperty("status").GetString() == "COMPLETE"));
    }

    [Fact]
    public async Task An_invalid_template_is_exit_3_with_the_diagnostics_in_validates_shape()
    {
        var file = Template("broken.yaml", """
            heat_template_version: 2021-04-16
            resources:
              value:
                type: OS::Heat::Value
                properties:
                  value: { get_resource: nowhere }
            """);

        using var deploy = await RunAsync("deploy", file, "-f", "json");
        using var plan = await RunAsync("plan", file);

        Assert.Equal(ExitCodes.InvalidInput, deploy.ExitCode);
        var diagnostic = JsonDocument.Parse(deploy.StandardOutput).RootElement.GetProperty("diagnostics")[0];
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
        Assert.Equal(6, diagnostic.GetProperty("line").GetInt32());
        Assert.Equal(ExitCodes.InvalidInput, plan.ExitCode);
        Assert.Contains(plan.Output, l => l.Contains("broken.yaml:6:", StringComparison.Ordinal) && l.Contains("nowhere", StringComparison.Ordinal));
        Assert.False(await _state.ExistsAsync("broken"));
    }

    [Fact]
    public async Task A_stack_locked_by_another_run_is_exit_6_naming_the_holder()
    {
        var file = Template("greet.yaml", Greeting);
        await using (var store = SqliteStateStore.Open(_state.Home))
        {
            await store.EnsureStackAsync("greet");
            await store.AcquireLeaseAsync("greet", "the other deploy", TimeSpan.FromMinutes(10));
        }

        using var deploy = await RunAsync("deploy", file);

        Assert.Equal(ExitCodes.StackLocked, deploy.ExitCode);
        Assert.Contains(deploy.Output, l => l.Contains("the other deploy", StringComparison.Ordinal));
    }

    private const string Greeting = """
        heat_template_version: 2021-04-16
        parameters:
          who: { type: string, default: world }
        resources:
          greeting:
            type: OS::Heat::Value
            properties:
              value: { str_replace: { template: "Hello, NAME!", params: { NAME: { get_param: who } } } }
        outputs:
          text:
            value: { get_attr: [greeting, value] }
        """;

    private static string Flaky(bool fail) => $$"""
        heat_template_version: 2021-04-16
        resources:
          fine:
            type: OS::Heat::TestResource
            properties: { value: ok }
          broken:
            type: OS::Heat::TestResource
            depends_on: fine
            properties: { value: maybe, fail: {{(fail ? "true" : "false")}} }
        """;

    private string Template(string name, string text)
    {
        var path = Path.Combine(_state.Home, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<NuvolaProcess> RunAsync(params string[] args) => NuvolaProcess.RunAsync(_state.Environment, Deadline, args);
}
