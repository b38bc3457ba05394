using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;
using Nuvola.Templates.Hot;
using Nuvola.Testing;

namespace Nuvola.Stacks.Tests;

/// <summary>
/// Every shared HOT fixture (../shared, present on the project's machines; when absent these tests check only
/// that it is absent) expands and plans without error, with a plausible value for each parameter that needs one.
/// </summary>
public sealed class SharedFixturePlanTests
{
    private static readonly string Directory = Path.Combine(Repository.SharedFixtures, "hot");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            data.Add("(absent)");
            return data;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Directory, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Every_shared_fixture_plans_without_error(string file)
    {
        if (file == "(absent)")
        {
            Assert.False(System.IO.Directory.Exists(Directory));
            return;
        }

        var path = Path.Combine(Directory, file);
        var topology = HotTemplates.Load(path).Topology!;
        var values = topology.Parameters.Where(p => !p.HasDefault).Select(p => KeyValuePair.Create(p.Name, Plausible(p))).ToList();
        await using var f = new StackFixture();

        var plan = await f.Service.PlanAsync(StackFixture.Stack, new StackSource { TemplateFile = path, Parameters = values });

        var errors = string.Join("\n", plan.Diagnostics.Where(d => d.Severity == Severity.Error));
        Assert.True(errors.Length == 0, errors);
        Assert.NotNull(plan.Plan);
        Assert.All(plan.Plan.Changes, c => Assert.Equal(Engine.Planning.ChangeAction.Create, c.Action));
    }

    private static string Plausible(Parameter p)
    {
        if (p.Constraints.FirstOrDefault(c => c.Kind == ConstraintKind.AllowedValues) is { } allowed && allowed.Values.Length > 0)
        {
            return Model.Evaluation.Values.ToText(allowed.Values[0]);
        }

        return p.Type switch
        {
            ParameterType.Number => "1",
            ParameterType.Boolean => "true",
            ParameterType.Json => "{}",
            ParameterType.CommaDelimitedList => "a,b",
            _ when p.Name.Contains("cidr", StringComparison.Ordinal) => "10.0.0.0/24",
            _ when p.Name.EndsWith("start", StringComparison.Ordinal) => "10.0.0.10",
            _ when p.Name.EndsWith("end", StringComparison.Ordinal) => "10.0.0.20",
            _ when p.Name.Contains("gateway", StringComparison.Ordinal) => "10.0.0.1",
            _ => "Value1",
        };
    }
}
