namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// What one client asked of the registry: reads (get and range calls), writes (put, delete,
/// transaction), lease calls (grant, keep-alive, revoke, lookup), watches opened and watch events
/// delivered. Updated from many threads, read while the run goes on.
/// </summary>
internal sealed class RequestCounts
{
    private long _reads;
    private long _writes;
    private long _leaseCalls;
    private long _watchesOpened;
    private long _watchEvents;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public long LeaseCalls => Interlocked.Read(ref _leaseCalls);

    public long WatchesOpened => Interlocked.Read(ref _watchesOpened);

    public long WatchEvents => Interlocked.Read(ref _watchEvents);

    public void Read() => Interlocked.Increment(ref _reads);

    public void Write() => Interlocked.Increment(ref _writes);

    public void Lease() => Interlocked.Increment(ref _leaseCalls);

    public void WatchOpened() => Interlocked.Increment(ref _watchesOpened);

    public void Delivered(int events) => Interlocked.Add(ref _watchEvents, events);

    /// <summary>The counts now, to subtract a baseline taken before the measured phase.</summary>
    public RequestSnapshot Snapshot() => new(Reads, Writes, LeaseCalls, WatchesOpened, WatchEvents);
}
