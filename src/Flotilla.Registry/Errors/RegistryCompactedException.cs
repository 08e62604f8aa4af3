namespace Flotilla.Registry.Errors;

/// <summary>
/// The requested revision is older than the store's compaction point. Re-read the current state with a
/// range and watch from its revision + 1.
/// </summary>
public class RegistryCompactedException : RegistryException
{
    public RegistryCompactedException()
    {
    }

    public RegistryCompactedException(string message)
        : base(message)
    {
    }

    public RegistryCompactedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryCompactedException(long requestedRevision, long compactRevision)
        : base($"revision {requestedRevision} has been compacted (history starts at revision {compactRevision}); re-read and watch again")
    {
        RequestedRevision = requestedRevision;
        CompactRevision = compactRevision;
    }

    public long RequestedRevision { get; }

    /// <summary>The revision the store is compacted at: revisions before it are gone, it can still be read and watched from.</summary>
    public long CompactRevision { get; }
}
