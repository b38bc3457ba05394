using System.Globalization;
using Nuvola.Engine.State;

namespace Nuvola.Cli.Progress;

/// <summary>One line per event, for logs and pipes: <c>HH:MM:SS  NAME  TYPE  ACTION_STATUS  reason</c>.</summary>
internal sealed class PlainProgress(TextWriter writer) : ProgressReporter
{
    private readonly Lock _gate = new();

    public override void OnEvent(EngineEvent engineEvent)
    {
        var time = engineEvent.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var line = $"{time}  {engineEvent.LogicalName}  {engineEvent.ResourceType}  {State(engineEvent)}";
        if (!string.IsNullOrEmpty(engineEvent.Reason))
        {
            line += "  " + engineEvent.Reason.ReplaceLineEndings(" ");
        }

        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
