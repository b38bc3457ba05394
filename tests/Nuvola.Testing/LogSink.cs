using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nuvola.Testing;

/// <summary>A logger provider that keeps every line, so tests can assert that the server logged no unhandled exception and answered no 5xx.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Lines that show a server fault: an error-level entry, or a request answered 5xx.</summary>
    public IReadOnlyList<string> Faults() =>
        _lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)
                          || System.Text.RegularExpressions.Regex.IsMatch(l, @" 5\d\d [\d.]+ms$")).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._lines.Enqueue($"{logLevel} {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
    }
}
