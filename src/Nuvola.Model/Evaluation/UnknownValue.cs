namespace Nuvola.Model.Evaluation;

/// <summary>A value not known yet (a resource id or attribute before deploy, a parameter with no value).</summary>
public sealed class UnknownValue
{
    public static readonly UnknownValue Instance = new();

    private UnknownValue()
    {
    }

    public override string ToString() => "<unknown>";
}
