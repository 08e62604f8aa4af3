namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>The counts of a <see cref="RequestCounts"/> at one moment.</summary>
internal sealed record RequestSnapshot(long Reads, long Writes, long LeaseCalls, long WatchesOpened, long WatchEvents)
{
    public static RequestSnapshot Zero { get; } = new(0, 0, 0, 0, 0);

    public RequestSnapshot Since(RequestSnapshot baseline) => new(
        Reads - baseline.Reads,
        Writes - baseline.Writes,
        LeaseCalls - baseline.LeaseCalls,
        WatchesOpened - baseline.WatchesOpened,
        WatchEvents - baseline.WatchEvents);
}
