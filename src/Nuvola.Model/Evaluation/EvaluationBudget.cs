namespace Nuvola.Model.Evaluation;

/// <summary>
/// How much the functions of one evaluation (one template load when the template compiler shares it) may build:
/// characters of text plus items of lists and entries of maps, counted before they are built. Beyond it the function
/// answers Unknown with one located EVAL009, so that no template (a repeat over seven lists of ten, a str_replace of a
/// large text) can exhaust memory. docs/templates.md, "Limits".
/// </summary>
public sealed class EvaluationBudget(long limit = EvaluationBudget.DefaultLimit)
{
    /// <summary>4,000,000 units: far above any real template (twenty 100 KB user-data scripts are 2,000,000).</summary>
    public const long DefaultLimit = 4_000_000;

    public long Limit { get; } = limit;

    public long Used { get; private set; }

    /// <summary>Whether the exhaustion has been reported (once per budget).</summary>
    internal bool Reported { get; set; }

    /// <summary>Counts <paramref name="units"/> against the budget; false (and nothing counted) when they do not fit.</summary>
    public bool TryCharge(long units)
    {
        if (units < 0 || units > Limit - Used)
        {
            return false;
        }

        Used += units;
        return true;
    }
}
