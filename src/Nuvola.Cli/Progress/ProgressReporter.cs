using Nuvola.Engine.State;

namespace Nuvola.Cli.Progress;

/// <summary>
/// Shows a deploy's or destroy's events as they happen: a table redrawn in place on a terminal
/// (<see cref="LiveProgress"/>), one line per event otherwise (<see cref="PlainProgress"/>). NUVOLA_PROGRESS=live,
/// plain or none overrides the choice.
/// </summary>
internal abstract class ProgressReporter
{
    public const string Variable = "NUVOLA_PROGRESS";

    /// <summary>Called for every recorded event, from any thread.</summary>
    public abstract void OnEvent(EngineEvent engineEvent);

    /// <summary>Called once when the run is over (the last redraw).</summary>
    public virtual void Finish()
    {
    }

    /// <summary>The reporter for <paramref name="writer"/>, which is a terminal when <paramref name="isTerminal"/>.</summary>
    public static ProgressReporter For(TextWriter writer, bool isTerminal, string title)
    {
        var mode = Environment.GetEnvironmentVariable(Variable)?.ToLowerInvariant();
        var dumb = string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return mode switch
        {
            "none" => new NoProgress(),
            "plain" => new PlainProgress(writer),
            "live" => new LiveProgress(writer, title, TimeProvider.System),
            _ when isTerminal && !dumb => new LiveProgress(writer, title, TimeProvider.System),
            _ => new PlainProgress(writer),
        };
    }

    /// <summary>ACTION_STATUS as Heat writes it (CREATE_IN_PROGRESS, DELETE_COMPLETE…).</summary>
    protected static string State(EngineEvent e) =>
        $"{Stacks.StackViews.Snake(e.Action.ToString())}_{Stacks.StackViews.Snake(e.Status.ToString())}";

    private sealed class NoProgress : ProgressReporter
    {
        public override void OnEvent(EngineEvent engineEvent)
        {
        }
    }
}
