using Microsoft.Extensions.Logging;

namespace Flotilla.Engine.Leading;

internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Leading as {Candidate} (election key {Key})")]
    public static partial void Elected(ILogger logger, string candidate, string key);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Loaded {Units} units at revision {Revision}")]
    public static partial void Loaded(ILogger logger, int units, long revision);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Committed {Schedules} placements, {Unschedules} removals and {Unplaceables} unplaceable units in {Operations} writes at revision {Revision}")]
    public static partial void Committed(ILogger logger, int schedules, int unschedules, int unplaceables, int operations, long revision);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "No longer the leader: {Why}")]
    public static partial void Deposed(ILogger logger, string why);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The registry failed; campaigning again shortly")]
    public static partial void RegistryFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Watch history was compacted; reloading")]
    public static partial void Compacted(ILogger logger);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Resigned")]
    public static partial void Resigned(ILogger logger);
}
