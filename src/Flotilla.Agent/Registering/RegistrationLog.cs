using Microsoft.Extensions.Logging;

namespace Flotilla.Agent.Registering;

internal static partial class RegistrationLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Registered {Key} = {Value}")]
    public static partial void Registered(ILogger logger, string key, string value);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Removed the registration {Key}")]
    public static partial void Removed(ILogger logger, string key);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Unit}: the health check {Check} {Outcome}")]
    public static partial void Health(ILogger logger, string unit, string check, string outcome);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Unit}: [X-Register] Key={Key} is inside the cluster's own prefix {Prefix}; not registered")]
    public static partial void InsideClusterPrefix(ILogger logger, string unit, string key, string prefix);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "{Unit}: [X-Register] ignored: {Problem}")]
    public static partial void Invalid(ILogger logger, string unit, string problem);
}
