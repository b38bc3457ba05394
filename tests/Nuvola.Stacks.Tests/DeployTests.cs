using System.Text;
using System.Text.Json;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Stacks.Tests;

public sealed class DeployTests
{
    private const string Basic = """
        heat_template_version: 2021-04-16
        parameters:
          prefix:
            type: string
            default: app
        resources:
          secret:
            type: OS::Heat::RandomString
            properties:
              length: 24
              character_classes: [{class: digits, min: 4}]
          net:
            type: OS::Neutron::Net
            properties:
              name: {list_join: ['-', [{get_param: prefix}, net]]}
          label:
            type: OS::Heat::Value
            properties:
              value: {str_replace: {template: "NAME on ID", params: {NAME: {get_attr: [net, name]}, ID: {get_resource: net}}}}
          nothing:
            type: OS::Heat::None
            depends_on: label
        outputs:
          label:
            value: {get_attr: [label, value]}
          password:
            value: {get_attr: [secret, value]}
        """;

    [Fact]
    public async Task Deploys_from_memory_evaluates_references_and_records_outputs()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync(Basic);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var net = f.Cloud.ByName("net")!;
        Assert.Equal("app-net", net.Properties.GetProperty("name").GetString());
        var outputs = await f.OutputsAsync();
        Assert.Equal($"app-net on {net.Id}", outputs["label"].GetString());
        var password = outputs["password"].GetString()!;
        Assert.Equal(24, password.Length);
        Assert.True(password.Count(char.IsDigit) >= 4);
        var records = await f.RecordsAsync();
        Assert.Equal(["label", "net", "nothing", "secret"], records.Keys.Order());
        Assert.Contains("label", records["nothing"].DependsOn);
    }

    [Fact]
    public async Task Plan_before_deploy_shows_known_after_apply_and_a_second_deploy_changes_nothing()
    {
        await using var f = new StackFixture();
        var plan = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Basic));
        Assert.False(plan.HasErrors, string.Join("\n", plan.Diagnostics));
        var label = plan.Plan!.Find("label")!;
        Assert.Equal(ChangeAction.Create, label.Action);
        Assert.True(KnownAfterApply.Contains(label.Properties!.Value));
        Assert.Empty(f.Cloud.Calls);

        Assert.True((await f.DeployAsync(Basic)).Succeeded);
        var again = await f.Service.PlanAsync(StackFixture.Stack, StackFixture.Source(Basic));
        Assert.True(again.Plan!.IsEmpty, string.Join("\n", again.Plan.Changes.Select(c => $"{c.LogicalName} {c.Action} {c.Reason}")));
    }

    [Fact]
    public async Task A_changed_parameter_updates_in_place_and_what_reads_it()
    {
        await using var f = new StackFixture();
        Assert.True((await f.DeployAsync(Basic)).Succeeded);
        var id = f.Cloud.ByName("net")!.Id;
        var source = StackFixture.Source(Basic) with { Parameters = [new("prefix", "web")] };

        var plan = await f.Service.PlanAsync(StackFixture.Stack, source);
        Assert.Equal(ChangeAction.Update, plan.Plan!.Find("net")!.Action);
        Assert.Equal(ChangeAction.NoOp, plan.Plan.Find("secret")!.Action);
        var result = await f.Service.DeployAsync(StackFixture.Stack, source);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(id, f.Cloud.ByName("net")!.Id);
        Assert.Equal($"web-net on {id}", (await f.OutputsAsync())["label"].GetString());
    }

    [Fact]
    public async Task The_random_string_is_encrypted_in_the_state_file()
    {
        await using var f = new StackFixture();
        Assert.True((await f.DeployAsync(Basic)).Succeeded);
        var password = (await f.OutputsAsync())["password"].GetString()!;
        var records = await f.RecordsAsync();
        Assert.Equal(password, records["secret"].Attributes.GetProperty("value").GetString());
        Assert.Contains("value", records["secret"].SecretKeys);
        Assert.True((await f.Store.GetOutputsAsync(StackFixture.Stack)).Single(o => o.Name == "password").Secret);

        await f.Store.DisposeAsync();
        var bytes = string.Concat(Directory.GetFiles(f.Directory, "nuvola-state.db*")
            .Select(p => Encoding.Latin1.GetString(File.ReadAllBytes(p))));
        Assert.DoesNotContain(password, bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_errors_are_diagnostics_and_nothing_is_applied()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              a:
                type: OS::Heat::Value
                properties:
                  value: {get_param: missing}
            """);

        Assert.False(result.Succeeded);
        Assert.Null(result.Apply);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Null(await f.Store.GetStackAsync(StackFixture.Stack));
    }

    [Fact]
    public async Task A_parameter_without_value_is_an_error_for_deploy()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            parameters:
              size: {type: number}
            resources:
              a: {type: OS::Heat::None}
            """);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("size", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_false_condition_leaves_the_resource_out()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            parameters:
              env: {type: string, default: dev}
            conditions:
              prod: {equals: [{get_param: env}, prod]}
            resources:
              big:
                type: OS::Neutron::Net
                condition: prod
              small:
                type: OS::Heat::Value
                properties:
                  value: {if: [prod, {get_resource: big}, none]}
            outputs:
              v: {value: {get_attr: [small, value]}}
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(f.Cloud.Objects);
        Assert.Equal("none", (await f.OutputsAsync())["v"].GetString());
    }

    [Fact]
    public async Task Destroy_deletes_everything_and_the_stack()
    {
        await using var f = new StackFixture();
        Assert.True((await f.DeployAsync(Basic)).Succeeded);
        var result = await f.Service.DestroyAsync(StackFixture.Stack);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(f.Cloud.Objects);
        Assert.Null(await f.Store.GetStackAsync(StackFixture.Stack));
        var missing = await f.Service.DestroyAsync(StackFixture.Stack);
        Assert.Contains(missing.Diagnostics, d => d.Code == "STK002");
    }

    [Fact]
    public async Task An_output_that_cannot_be_computed_records_its_error()
    {
        await using var f = new StackFixture();
        var result = await f.DeployAsync("""
            heat_template_version: 2021-04-16
            resources:
              v:
                type: OS::Heat::Value
                properties: {value: {a: 1}}
            outputs:
              good: {value: {get_attr: [v, value, a]}}
              bad: {value: {str_split: [',', {get_attr: [v, value]}]}}
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var outputs = (await f.Store.GetOutputsAsync(StackFixture.Stack)).ToDictionary(o => o.Name);
        Assert.Equal(1, outputs["good"].Value.GetInt32());
        Assert.Null(outputs["good"].Error);
        Assert.NotNull(outputs["bad"].Error);
        Assert.Equal(JsonValueKind.Null, outputs["bad"].Value.ValueKind);
    }

    [Fact]
    public async Task A_nested_output_reading_an_undeclared_parameter_is_an_output_error_not_a_refusal()
    {
        await using var f = new StackFixture();
        var files = new Dictionary<string, string>
        {
            ["1.yaml"] = """
                heat_template_version: 2015-10-15
                resources:
                  a: {type: OS::Heat::Value, properties: {value: a}}
                outputs:
                  out_a: {value: {get_attr: [a, value]}}
                  out_b: {value: {get_param: foo}}
                """,
        };
        const string Parent = """
            heat_template_version: 2015-10-15
            resources:
              parent: {type: 1.yaml}
            outputs:
              a: {value: {get_attr: [parent, out_a]}}
              b: {value: {get_attr: [parent, out_b]}}
            """;

        var result = await f.DeployAsync(Parent, files: files);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.Code == "HOT020");
        var outputs = (await f.Store.GetOutputsAsync(StackFixture.Stack)).ToDictionary(o => o.Name);
        Assert.Equal("a", outputs["a"].Value.GetString());
        Assert.Null(outputs["a"].Error);
        Assert.Equal("Error in parent output out_b: The Parameter (foo) was not provided.", outputs["b"].Error);
        Assert.Equal(JsonValueKind.Null, outputs["b"].Value.ValueKind);
    }

    [Fact]
    public async Task Custom_constraints_are_checked_through_the_given_checker()
    {
        await using var f = new StackFixture(new StackServiceOptions
        {
            CheckConstraint = (constraint, value, _) =>
                ValueTask.FromResult(constraint == "nova.flavor" && value != "m1.small" ? $"no flavor named {value}" : null),
        });
        var template = """
            heat_template_version: 2021-04-16
            parameters:
              flavor:
                type: string
                constraints: [{custom_constraint: nova.flavor}]
            resources:
              a: {type: OS::Heat::None}
            """;
        var bad = await f.Service.PlanAsync(StackFixture.Stack,
            StackFixture.Source(template) with { Parameters = [new("flavor", "m1.huge")] });
        var good = await f.Service.PlanAsync(StackFixture.Stack,
            StackFixture.Source(template) with { Parameters = [new("flavor", "m1.small")] });

        Assert.Contains(bad.Diagnostics, d => d.Message.Contains("no flavor named m1.huge", StringComparison.Ordinal));
        Assert.Null(bad.Plan);
        Assert.False(good.HasErrors);
    }

    [Fact]
    public async Task Loads_templates_and_environments_from_files()
    {
        await using var f = new StackFixture();
        var dir = Path.Combine(f.Directory, "tpl");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "main.yaml"), """
            heat_template_version: 2021-04-16
            parameters:
              text: {type: string}
            resources:
              v:
                type: OS::Heat::Value
                properties: {value: {list_join: ['', [{get_param: text}, {get_file: suffix.txt}]]}}
            outputs:
              v: {value: {get_attr: [v, value]}}
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "suffix.txt"), "!");
        await File.WriteAllTextAsync(Path.Combine(dir, "env.yaml"), "parameters: {text: hello}\n");

        var result = await f.Service.DeployAsync(StackFixture.Stack, new StackSource
        {
            TemplateFile = Path.Combine(dir, "main.yaml"),
            EnvironmentFiles = [Path.Combine(dir, "env.yaml")],
        });

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("hello!", (await f.OutputsAsync())["v"].GetString());
    }
}
