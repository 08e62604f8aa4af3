namespace Flotilla.Registry.Embedded.Leases;

/// <summary>Lease TTL arithmetic, in whole seconds as etcd keeps them.</summary>
internal static class LeaseTtl
{
    /// <summary>
    /// etcd's minimum TTL with default timing is 1.5 election timeouts of heartbeats (about 1.5 s,
    /// i.e. 2 whole seconds); it silently raises shorter TTLs to it, and so does this store, so code
    /// behaves the same on both.
    /// </summary>
    public const long MinimumSeconds = 2;

    /// <summary>The granted TTL: rounded up to whole seconds, at least <see cref="MinimumSeconds"/>.</summary>
    public static long Seconds(TimeSpan ttl) =>
        Math.Max(MinimumSeconds, (ttl.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);

    /// <summary>The time left, rounded up to whole seconds (etcd reports remaining TTLs in seconds).</summary>
    public static TimeSpan Remaining(long milliseconds) =>
        TimeSpan.FromSeconds(Math.Max(0, (milliseconds + 999) / 1000));
}
