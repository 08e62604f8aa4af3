using Microsoft.Extensions.Logging;

namespace Flotilla.Api.Hosting;

internal static partial class ApiLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "API listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception error);
}
