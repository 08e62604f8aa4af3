namespace Flotilla.Confd.Watching;

/// <summary>
/// Delays between attempts to reach a store that failed: doubling from <see cref="Initial"/> up to
/// <see cref="Max"/>, so an outage costs a few wake-ups a minute instead of a spinning CPU, and a
/// recovered store is noticed within <see cref="Max"/>. Pure: the caller sleeps.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public Backoff()
        : this(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10))
    {
    }

    public TimeSpan Initial { get; } = initial;

    public TimeSpan Max { get; } = max;

    /// <summary>The delay before the next attempt after one more failure.</summary>
    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var delay = Initial * Math.Pow(2, exponent);
        return delay > Max ? Max : delay;
    }

    /// <summary>The store answered: the next failure starts over at <see cref="Initial"/>.</summary>
    public void Reset() => _failures = 0;
}
