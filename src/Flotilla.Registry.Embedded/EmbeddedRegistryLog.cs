using Microsoft.Extensions.Logging;

namespace Flotilla.Registry.Embedded;

/// <summary>The store's log messages (source-generated).</summary>
internal static partial class EmbeddedRegistryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened the embedded registry at {Path} (revision {Revision}, {Leases} leases renewed)")]
    public static partial void Opened(ILogger logger, string path, long revision, long leases);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Lease {LeaseId:x} expired")]
    public static partial void LeaseExpired(ILogger logger, long leaseId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Compacted history before revision {Revision}")]
    public static partial void Compacted(ILogger logger, long revision);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "A batch of {Count} writes failed and was rolled back")]
    public static partial void BatchFailed(ILogger logger, Exception error, int count);
}
