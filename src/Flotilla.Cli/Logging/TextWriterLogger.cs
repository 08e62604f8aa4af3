using Microsoft.Extensions.Logging;

namespace Flotilla.Cli.Logging;

/// <summary>
/// One line per message on a writer (stderr for daemons), prefixed with UTC time and level, so logs read
/// the same under a terminal, systemd's journal and a test's captured output.
/// </summary>
internal sealed class TextWriterLogger(TextWriter writer, string category, LogLevel minimum) : ILogger
{
    private readonly Lock _writing = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string line = $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Level(logLevel)} {category}: {formatter(state, exception)}";
        if (exception is not null)
        {
            line += $": {exception.GetType().Name}: {exception.Message}";
        }

        lock (_writing)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "crit",
    };
}
