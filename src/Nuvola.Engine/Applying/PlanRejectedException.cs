namespace Nuvola.Engine.Applying;

/// <summary>A plan the applier will not run: it has errors, or the state changed since it was made.</summary>
public sealed class PlanRejectedException : Exception
{
    public PlanRejectedException()
    {
    }

    public PlanRejectedException(string message)
        : base(message)
    {
    }

    public PlanRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PlanRejectedException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The diagnostic code (see <see cref="Planning.PlanCodes"/>).</summary>
    public string? Code { get; }
}
