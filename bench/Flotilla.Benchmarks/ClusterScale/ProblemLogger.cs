using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// The agents' and the engine's logger in the run: nothing is written, but warnings and errors are
/// counted by what they say (the message template's event and the exception type), so a run that went
/// wrong (registry failures, fencing, timeouts) says so in its report. Below warning it costs nothing.
/// </summary>
internal sealed class ProblemLogger : ILogger
{
    private readonly ConcurrentDictionary<string, long> _problems = new(StringComparer.Ordinal);

    /// <summary>Each kind of problem and how often it was logged, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Problems => [.. _problems.OrderByDescending(p => p.Value)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string kind = $"{logLevel} {eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}" +
            (exception is null ? "" : $" ({exception.GetType().Name}{(exception.InnerException is { } inner ? "/" + inner.GetType().Name : "")})");
        _problems.AddOrUpdate(kind, 1, (_, count) => count + 1);
    }
}
