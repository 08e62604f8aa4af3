using Microsoft.Extensions.Logging;

namespace Flotilla.Runner.Systemd;

internal static partial class SystemdRunnerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "systemd unit runner: unit files in {FilesDirectory}, linked into {UnitDirectory}; {Adopted} units from an earlier run adopted")]
    public static partial void Started(ILogger logger, string filesDirectory, string unitDirectory, int adopted);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{CommandLine} exited with {ExitCode}: {StandardError}; {Unit} is now {ActiveState}/{SubState} ({Result})")]
    public static partial void JobFailed(ILogger logger, string commandLine, int exitCode, string standardError, string unit, string activeState, string subState, string result);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reading the status of systemd units failed; trying again in {PollInterval}")]
    public static partial void PollFailed(ILogger logger, Exception exception, TimeSpan pollInterval);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "{CommandLine} exited with {ExitCode}: {StandardError} (ignored)")]
    public static partial void Ignored(ILogger logger, string commandLine, int exitCode, string standardError);
}
