namespace Flotilla.Runner.Supervision;

internal static class SystemdTimeouts
{
    /// <summary>systemd's "infinity" (and anything too long to wait for) as null.</summary>
    public static TimeSpan? Finite(TimeSpan span) => span >= TimeSpan.FromDays(365) ? null : span;

    /// <summary>A source cancelled after <paramref name="span"/>, or never when it is infinite.</summary>
    public static CancellationTokenSource After(TimeSpan span, TimeProvider time) =>
        Finite(span) is { } finite ? new CancellationTokenSource(finite, time) : new CancellationTokenSource();
}
