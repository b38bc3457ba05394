using Nuvola.Model.Diagnostics;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

/// <summary>The cloud half of custom constraints: each parameter whose value (or default) is known and carries a cloud
/// constraint (nova.flavor, glance.image, …) is checked through the given checker; failures are HOT013 diagnostics.</summary>
public static class CustomConstraintValidation
{
    public static async Task<IReadOnlyList<Diagnostic>> CheckAsync(TemplateTopology topology, ICustomConstraintChecker checker, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var parameter in topology.Parameters)
        {
            if (!parameter.TryGetEffectiveValue(out var value) || value is UnknownValue)
            {
                continue;
            }

            foreach (var constraint in parameter.Constraints.Where(c => c.Kind == ConstraintKind.Custom && !CustomConstraints.Local.Contains(c.CustomName!)))
            {
                var items = value is IReadOnlyList<object?> list ? list : [value];
                foreach (var item in items)
                {
                    if (await checker.CheckAsync(constraint.CustomName!, Values.ToText(item), cancellationToken) is { } problem)
                    {
                        diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.ConstraintViolated,
                            $"the value of parameter '{parameter.Name}' ({Values.ToText(item)}) does not satisfy {constraint.CustomName}: {problem}", parameter.Span, constraint.Description));
                    }
                }
            }
        }

        return diagnostics;
    }
}
