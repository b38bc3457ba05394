using Nuvola.Templates.Hot;

namespace Nuvola.Templates.Tests.Hot;

public sealed class CustomConstraintValidationTests
{
    [Fact]
    public async Task Cloud_constraints_are_checked_through_the_checker_and_local_ones_are_not_asked()
    {
        var topology = TemplateFiles.Parse("heat_template_version: 2021-04-16\nparameters:\n  flavor:\n    type: string\n    default: m1.huge\n    constraints:\n      - custom_constraint: nova.flavor\n  ip:\n    type: string\n    default: 10.0.0.1\n    constraints:\n      - custom_constraint: ip_addr\n").Topology!;
        var checker = new KnownFlavors("m1.small");

        var diagnostics = await CustomConstraintValidation.CheckAsync(topology, checker);

        var error = Assert.Single(diagnostics);
        Assert.Equal(("HOT013", 3), (error.Code, error.Span!.Value.Line));
        Assert.Contains("no flavor m1.huge", error.Message, StringComparison.Ordinal);
        Assert.Equal(["nova.flavor"], checker.Asked);
    }

    private sealed class KnownFlavors(params string[] flavors) : ICustomConstraintChecker
    {
        public List<string> Asked { get; } = [];

        public ValueTask<string?> CheckAsync(string constraint, string value, CancellationToken cancellationToken = default)
        {
            Asked.Add(constraint);
            return ValueTask.FromResult(flavors.Contains(value) ? null : $"no flavor {value}");
        }
    }
}
