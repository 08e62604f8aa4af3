using Microsoft.Extensions.Logging;

namespace Flotilla.Agent.Running;

internal static partial class AgentLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Machine {Machine} registered (lease {Lease:x}, TTL {Ttl}s)")]
    public static partial void Registered(ILogger logger, string machine, long lease, double ttl);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "self-fencing: lost the registry for {Seconds:0.#}s, stopping {Count} units")]
    public static partial void Fencing(ILogger logger, double seconds, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "self-fencing done: {Count} units stopped; waiting for the registry to return")]
    public static partial void Fenced(ILogger logger, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The registry failed; trying again shortly")]
    public static partial void RegistryFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Task}")]
    public static partial void TaskRunning(ILogger logger, Flotilla.Agent.Reconciling.AgentTask task);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Task} failed")]
    public static partial void TaskFailed(ILogger logger, Flotilla.Agent.Reconciling.AgentTask task, Exception error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Shutting down: stopping {Count} units and releasing the machine's lease")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Could not publish the state of {Unit}")]
    public static partial void PublishFailed(ILogger logger, string unit, Exception error);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Watch history was compacted; reloading")]
    public static partial void Compacted(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Stopped")]
    public static partial void Stopped(ILogger logger);
}
