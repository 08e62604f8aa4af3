using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Flotilla.Agent.Tests.Running;

/// <summary>Keeps every formatted message, so tests can check what the agent told its operator.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception));

    public bool Saw(string fragment) => Messages.Any(m => m.Contains(fragment, StringComparison.Ordinal));
}
