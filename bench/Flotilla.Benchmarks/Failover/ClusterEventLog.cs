using System.Diagnostics;
using Flotilla.Registry;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// Follows one watch of the whole cluster prefix and stamps every change with the harness's clock the
/// moment it arrives, so "kill -> lease gone -> reassigned -> active elsewhere" is read off one
/// timeline instead of polled (a watch delivers within milliseconds; a 50 ms poll would add up to 50 ms).
/// </summary>
internal sealed class ClusterEventLog : IAsyncDisposable
{
    private readonly List<ClusterEvent> _events = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    private ClusterEventLog(IRegistry registry, RegistryLayout layout, long fromRevision)
    {
        _watching = FollowAsync(registry, layout, fromRevision, _stop.Token);
    }

    /// <summary>The harness's clock, the one every event is stamped with.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static async Task<ClusterEventLog> StartAsync(IRegistry registry, RegistryLayout layout, CancellationToken cancellationToken) =>
        new(registry, layout, await registry.GetRevisionAsync(cancellationToken) + 1);

    public IReadOnlyList<ClusterEvent> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    /// <summary>Polls the recorded events until <paramref name="done"/> holds; the events arrive by watch, the poll only wakes the harness.</summary>
    public async Task<IReadOnlyList<ClusterEvent>> WaitUntilAsync(Func<IReadOnlyList<ClusterEvent>, bool> done, TimeSpan patience, string what, CancellationToken cancellationToken)
    {
        TimeSpan deadline = Now + patience;
        while (true)
        {
            IReadOnlyList<ClusterEvent> events = Snapshot();
            if (done(events))
            {
                return events;
            }

            if (_watching.IsFaulted)
            {
                await _watching;
            }

            if (Now > deadline)
            {
                throw new TimeoutException($"waited {patience.TotalSeconds:F0} s for {what}");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task FollowAsync(IRegistry registry, RegistryLayout layout, long fromRevision, CancellationToken cancellationToken)
    {
        await foreach (WatchBatch batch in registry.WatchAsync(layout.Prefix, fromRevision, cancellationToken))
        {
            TimeSpan at = Now;
            var events = new List<ClusterEvent>(batch.Events.Count);
            foreach (WatchEvent change in batch.Events)
            {
                if (layout.Parse(change.Item.Key) is not { } key)
                {
                    continue;
                }

                string? activeState = key.Kind == RegistryKeyKind.State && change.Kind == WatchEventKind.Put
                    ? RegistryRecordCodec.Decode<UnitStateRecord>(change.Item).ActiveState
                    : null;
                events.Add(new ClusterEvent(at, change.Revision, change.Kind, key, activeState));
            }

            lock (_events)
            {
                _events.AddRange(events);
            }
        }
    }
}
