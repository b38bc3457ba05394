namespace Nuvola.Model.Diagnostics;

/// <summary>How bad a diagnostic is: errors stop a plan, warnings do not.</summary>
public enum Severity
{
    Error,
    Warning,
    Info,
}
