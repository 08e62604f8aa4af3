using Microsoft.Extensions.Logging;

namespace Flotilla.Confd.Pipeline;

/// <summary>The template role's messages; the texts are confd's where confd had one, so log searches keep working.</summary>
internal static partial class ConfdLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Target config {Destination} in sync")]
    public static partial void InSync(ILogger logger, string destination);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Target config {Destination} out of sync")]
    public static partial void OutOfSync(ILogger logger, string destination);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Target config {Destination} has been updated")]
    public static partial void Updated(ILogger logger, string destination);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Noop mode enabled. {Destination} will not be modified")]
    public static partial void Noop(ILogger logger, string destination);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Destination} has {Property} {Actual} should be {Expected}")]
    public static partial void Difference(ILogger logger, string destination, string property, string actual, string expected);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "{Destination} has {Property} {Actual} should be {Expected}")]
    public static partial void OwnerDifference(ILogger logger, string destination, string property, int actual, int expected);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Running {Command}")]
    public static partial void Running(ILogger logger, string command);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "{Command} output: {Output}")]
    public static partial void CommandOutput(ILogger logger, string command, string output);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "{Message}")]
    public static partial void Failed(ILogger logger, string message);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "{ConfigFile}: refusing to render {Destination}: {Count} keys visible, min_keys is {MinKeys}")]
    public static partial void Refused(ILogger logger, string configFile, string destination, int count, int minKeys);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{ConfigFile}: the store is unreachable ({Reason}); retrying in {Delay}")]
    public static partial void StoreUnavailable(ILogger logger, string configFile, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{ConfigFile}: the watch from revision {Revision} was compacted; re-reading")]
    public static partial void Compacted(ILogger logger, string configFile, long revision);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "{ConfigFile}: watching from revision {Revision}")]
    public static partial void Watching(ILogger logger, string configFile, long revision);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "{ConfigFile}: the watch ended unexpectedly at revision {Revision}; resuming")]
    public static partial void WatchEnded(ILogger logger, string configFile, long revision);
}
