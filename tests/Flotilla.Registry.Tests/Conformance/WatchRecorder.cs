using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Tests.Conformance;

/// <summary>
/// Runs a watch in the background and records every batch, so a test can write and then wait for the
/// events it expects (bounded), and see a watch failure as it happened.
/// </summary>
public sealed class WatchRecorder : IAsyncDisposable
{
    private readonly List<WatchBatch> _batches = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly SemaphoreSlim _changed = new(0);

    private WatchRecorder(IRegistry registry, string prefix, long fromRevision)
    {
        _pump = Task.Run(() => PumpAsync(registry, prefix, fromRevision));
    }

    public Exception? Failure { get; private set; }

    public static WatchRecorder Start(IRegistry registry, string prefix, long fromRevision) => new(registry, prefix, fromRevision);

    public IReadOnlyList<WatchBatch> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<WatchEvent> Events => [.. Batches.SelectMany(b => b.Events)];

    /// <summary>Waits until at least <paramref name="count"/> events arrived, the watch failed, or time ran out (a test failure).</summary>
    public async Task<IReadOnlyList<WatchEvent>> WaitForEventsAsync(int count, TimeSpan? within = null)
    {
        DateTime deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            IReadOnlyList<WatchEvent> events = Events;
            if (events.Count >= count || Failure is not null)
            {
                return events;
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"the watch delivered {events.Count} of {count} events in time: {string.Join(", ", events.Select(e => $"{e.Kind} {e.Item.Key}@{e.Revision}"))}");
            }

            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits until the watch ends with an error and returns it (a test failure if it does not within the time).</summary>
    public async Task<Exception> WaitForFailureAsync(TimeSpan? within = null)
    {
        Task finished = await Task.WhenAny(_pump, Task.Delay(within ?? TimeSpan.FromSeconds(30)));
        Assert.True(finished == _pump, "the watch did not fail in time");
        return Failure ?? throw new InvalidOperationException("the watch ended without an error");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
        _changed.Dispose();
    }

    private async Task PumpAsync(IRegistry registry, string prefix, long fromRevision)
    {
        try
        {
            await foreach (WatchBatch batch in registry.WatchAsync(prefix, fromRevision, _stop.Token))
            {
                lock (_batches)
                {
                    _batches.Add(batch);
                }

                _changed.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            Failure = error;
            _changed.Release();
        }
    }
}
