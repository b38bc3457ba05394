using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Templates;
using Nuvola.Templates.Hot;

namespace Nuvola.Stacks.Loading;

/// <summary>A <see cref="StackSource"/> → compiled template (from disk or memory), with custom constraints checked.</summary>
internal static class StackLoader
{
    public static async Task<TemplateResult> LoadAsync(StackSource source, StackServiceOptions options,
        CancellationToken cancellationToken)
    {
        var templateOptions = new TemplateOptions
        {
            EnvironmentFiles = source.EnvironmentFiles,
            EnvironmentTexts = source.EnvironmentTexts,
            Files = source.Files,
            Parameters = source.Parameters,
            RequireParameterValues = true,
            FilesOnly = source.FilesOnly,
        };
        var result = source.TemplateText is { } text
            ? TemplateLoader.Parse(text, source.TemplateFile, templateOptions)
            : TemplateLoader.Load(source.TemplateFile, templateOptions);
        if (result.Topology is null || result.HasErrors || options.CheckConstraint is not { } check)
        {
            return result;
        }

        var cloud = await CustomConstraintValidation.CheckAsync(result.Topology, new Checker(check), cancellationToken)
            .ConfigureAwait(false);
        return cloud.Count == 0 ? result : result with { Diagnostics = [.. result.Diagnostics, .. cloud] };
    }

    private sealed class Checker(Func<string, string, CancellationToken, ValueTask<string?>> check) : ICustomConstraintChecker
    {
        public ValueTask<string?> CheckAsync(string constraint, string value, CancellationToken cancellationToken = default) =>
            check(constraint, value, cancellationToken);
    }
}

/// <summary>Stable codes of the stack service's own diagnostics.</summary>
public static class StackCodes
{
    /// <summary>A value the plan needs (a ResourceGroup's count) is known only after apply.</summary>
    public const string NotKnownAtPlan = "STK001";

    /// <summary>The stack does not exist.</summary>
    public const string NoSuchStack = "STK002";

    /// <summary>An expression of a resource could not be evaluated.</summary>
    public const string Evaluation = "STK003";

    /// <summary>The apply was refused: the state moved since the plan was made.</summary>
    public const string ApplyRefused = "STK004";

    /// <summary>The apply was refused: another apply holds the stack's lock (the message names the holder).</summary>
    public const string StackLocked = "STK006";

    /// <summary>An output's value could not be computed.</summary>
    public const string OutputError = "STK005";

    /// <summary>A cloud the stack's resources live in cannot be used (not configured, no credentials, unreachable); nothing was changed.</summary>
    public const string CloudUnavailable = "STK007";

    /// <summary>Resources recorded before clouds were recorded: the command must be told their cloud (--cloud).</summary>
    public const string CloudNotRecorded = "STK008";

    /// <summary>An OS::Heat::Stack's context names a cloud that is not configured.</summary>
    public const string UnknownCloud = "STK009";

    internal static ImmutableArray<Diagnostic> Error(string code, string message, string? hint = null) =>
        [new Diagnostic(Severity.Error, code, message, Hint: hint)];
}
