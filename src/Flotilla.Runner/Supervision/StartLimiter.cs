namespace Flotilla.Runner.Supervision;

/// <summary>
/// systemd's start rate limit: at most <c>StartLimitBurst</c> starts within <c>StartLimitIntervalSec</c>;
/// either being zero disables it.
/// </summary>
internal sealed class StartLimiter
{
    private readonly Queue<DateTimeOffset> _starts = new();

    /// <summary>Records a start at <paramref name="now"/>; false (and nothing recorded) when it would exceed the limit.</summary>
    public bool TryStart(DateTimeOffset now, TimeSpan interval, int burst)
    {
        if (interval <= TimeSpan.Zero || burst <= 0)
        {
            return true;
        }

        while (_starts.Count > 0 && now - _starts.Peek() >= interval)
        {
            _starts.Dequeue();
        }

        if (_starts.Count >= burst)
        {
            return false;
        }

        _starts.Enqueue(now);
        return true;
    }
}
