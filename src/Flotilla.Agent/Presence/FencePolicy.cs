namespace Flotilla.Agent.Presence;

/// <summary>
/// When an agent that cannot renew its presence lease must stop its units: a little before the lease can
/// expire in the registry, so that its own (orderly) stop finishes before the watchdog's deadline and
/// long before the engine may place the units elsewhere. Pure, so the timing rules are tested directly.
/// </summary>
public static class FencePolicy
{
    private static readonly TimeSpan MaxLead = TimeSpan.FromSeconds(2);

    /// <summary>How long before the expiry the agent fences itself: a fifth of the TTL, at most 2 s.</summary>
    public static TimeSpan Lead(TimeSpan ttl) => ttl / 5 < MaxLead ? ttl / 5 : MaxLead;

    /// <summary>Whether to fence now, given when the lease expires unless renewed (as of the last renewal sent).</summary>
    public static bool MustFence(DateTimeOffset now, DateTimeOffset expiresAt, TimeSpan ttl) => now >= expiresAt - Lead(ttl);

    /// <summary>How often the agent checks its lease and refreshes the watchdog's deadline.</summary>
    public static TimeSpan CheckInterval(TimeSpan ttl) =>
        TimeSpan.FromMilliseconds(Math.Clamp(ttl.TotalMilliseconds / 20, 20, 500));
}
