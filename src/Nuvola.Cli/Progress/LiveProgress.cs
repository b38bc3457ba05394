using System.Globalization;
using System.Text;
using Nuvola.Engine.State;

namespace Nuvola.Cli.Progress;

/// <summary>
/// On a terminal: one line per resource (its latest state, how long it took) under a header with the counts,
/// redrawn in place on every event with ANSI cursor movements. Lines are cut to the terminal's width so that
/// the redraw never wraps.
/// </summary>
internal sealed class LiveProgress(TextWriter writer, string title, TimeProvider time) : ProgressReporter
{
    private readonly Lock _gate = new();
    private readonly List<Row> _rows = [];
    private readonly long _started = time.GetTimestamp();
    private readonly bool _color = Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private int _drawn;
    private string? _stackNote;

    public override void OnEvent(EngineEvent engineEvent)
    {
        lock (_gate)
        {
            if (engineEvent.ResourceType == "stack")
            {
                _stackNote = State(engineEvent) + (string.IsNullOrEmpty(engineEvent.Reason) ? string.Empty : ": " + engineEvent.Reason);
            }
            else
            {
                var row = _rows.Find(r => r.Name == engineEvent.LogicalName);
                if (row is null)
                {
                    row = new Row(engineEvent.LogicalName, engineEvent.ResourceType, time.GetTimestamp());
                    _rows.Add(row);
                }

                row.Last = engineEvent;
                if (engineEvent.Status is not (EventStatus.InProgress or EventStatus.Retrying))
                {
                    row.Took = time.GetElapsedTime(row.Since);
                }
                else if (row.Took is not null)
                {
                    row.Since = time.GetTimestamp();
                    row.Took = null;
                }
            }

            Redraw();
        }
    }

    public override void Finish()
    {
        lock (_gate)
        {
            Redraw();
        }
    }

    private void Redraw()
    {
        var width = Width();
        var text = new StringBuilder();
        if (_drawn > 0)
        {
            text.Append("\e[").Append(_drawn.ToString(CultureInfo.InvariantCulture)).Append('F');
        }

        var lines = new List<(string Text, string? Color)> { (Header(), null) };
        var nameWidth = Math.Min(30, _rows.Count == 0 ? 0 : _rows.Max(r => r.Name.Length));
        var typeWidth = Math.Min(32, _rows.Count == 0 ? 0 : _rows.Max(r => r.Type.Length));
        foreach (var row in _rows)
        {
            var e = row.Last!;
            var took = row.Took is { } t ? $" ({t.TotalSeconds:0.0}s)" : string.Empty;
            var reason = string.IsNullOrEmpty(e.Reason) ? string.Empty : "  " + e.Reason.ReplaceLineEndings(" ");
            lines.Add(($"  {row.Name.PadRight(nameWidth)}  {row.Type.PadRight(typeWidth)}  {State(e)}{took}{reason}", ColorOf(e.Status)));
        }

        foreach (var (line, color) in lines)
        {
            var cut = line.Length >= width ? line[..Math.Max(0, width - 1)] : line;
            text.Append("\e[2K");
            if (_color && color is not null)
            {
                text.Append(color).Append(cut).Append("\e[0m");
            }
            else
            {
                text.Append(cut);
            }

            text.Append('\n');
        }

        _drawn = lines.Count;
        writer.Write(text.ToString());
        writer.Flush();
    }

    private string Header()
    {
        var done = _rows.Count(r => r.Last!.Status == EventStatus.Complete);
        var failed = _rows.Count(r => r.Last!.Status == EventStatus.Failed);
        var running = _rows.Count(r => r.Last!.Status is EventStatus.InProgress or EventStatus.Retrying);
        var elapsed = time.GetElapsedTime(_started).TotalSeconds;
        var header = string.Create(CultureInfo.InvariantCulture,
            $"{title}: {done} done, {running} in progress, {failed} failed  [{elapsed:0.0}s]");
        return _stackNote is null ? header : header + "  " + _stackNote;
    }

    private static string? ColorOf(EventStatus status) => status switch
    {
        EventStatus.Complete => "\e[32m",
        EventStatus.Failed => "\e[31m",
        EventStatus.InProgress or EventStatus.Retrying => "\e[33m",
        _ => null,
    };

    private static int Width()
    {
        try
        {
            return Console.WindowWidth is var w && w > 20 ? w : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    private sealed class Row(string name, string type, long since)
    {
        public string Name { get; } = name;

        public string Type { get; } = type;

        public long Since { get; set; } = since;

        public TimeSpan? Took { get; set; }

        public EngineEvent? Last { get; set; }
    }
}
