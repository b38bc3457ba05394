namespace Nuvola.Model.Diagnostics;

/// <summary>One finding about an input: a stable code, a message naming the offending value, where it is, and what to do.</summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, SourceSpan? Span = null, string? Hint = null)
{
    public override string ToString()
    {
        var where = Span is { } span ? $"{span}: " : string.Empty;
        var hint = Hint is null ? string.Empty : $" (hint: {Hint})";
        return $"{where}{Severity.ToString().ToLowerInvariant()} {Code}: {Message}{hint}";
    }
}
