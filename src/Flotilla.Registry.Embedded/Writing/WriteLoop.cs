using System.Threading.Channels;
using Flotilla.Registry.Embedded.Watching;
using Flotilla.Registry.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Registry.Embedded.Writing;

/// <summary>
/// The single writer (group commit): drains the queue of pending writes, applies as many as are
/// waiting in ONE SQLite transaction (each in its own savepoint), commits once (one fsync for all of
/// them), and only then acknowledges them and publishes their events. Lease expiry runs here too,
/// at the start of a batch, so it is ordered with every other write.
/// </summary>
internal sealed class WriteLoop : IAsyncDisposable
{
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WriteSession _session;
    private readonly WatchHub _hub;
    private readonly EmbeddedRegistryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _leaseTimer;
    private readonly Task _run;
    private long _revision;
    private long _nextLeaseExpiryMs = long.MaxValue;
    private Task _automaticCompaction = Task.CompletedTask;

    public WriteLoop(WriteSession session, WatchHub hub, EmbeddedRegistryOptions options)
    {
        _session = session;
        _hub = hub;
        _options = options;
        _time = options.TimeProvider;
        _logger = options.Logger ?? NullLogger.Instance;
        _revision = session.Revision;
        _leaseTimer = _time.CreateTimer(_ => _queue.Writer.TryWrite(LeaseTick.Instance), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ScheduleLeaseExpiry();
        _run = Task.Run(RunAsync);
    }

    /// <summary>The last committed revision.</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>Queues a write; false once the loop is closing.</summary>
    public bool TryEnqueue(WriteRequest request) => _queue.Writer.TryWrite(request);

    /// <summary>Stops taking writes, finishes the ones already queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _run.ConfigureAwait(false);
        await _leaseTimer.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteRequest>();
        ChannelReader<WriteRequest> reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _options.MaxBatchRequests && reader.TryRead(out WriteRequest? request))
            {
                batch.Add(request);
            }

            Execute(batch);
            batch.Clear();
        }
    }

    private void Execute(List<WriteRequest> batch)
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        bool leasesDue = now >= _nextLeaseExpiryMs;
        try
        {
            _session.Begin(now);
            if (leasesDue)
            {
                ExpireLeases();
            }

            foreach (WriteRequest request in batch)
            {
                Apply(request);
            }

            _session.Commit();
        }
        catch (Exception error)
        {
            EmbeddedRegistryLog.BatchFailed(_logger, error, batch.Count);
            var failure = new RegistryUnavailableException($"the embedded registry could not commit: {error.Message}", error);
            try
            {
                _session.Rollback();
            }
            catch (Exception rollbackError)
            {
                EmbeddedRegistryLog.BatchFailed(_logger, rollbackError, batch.Count);
            }

            foreach (WriteRequest request in batch)
            {
                request.Fail(failure);
            }

            return;
        }

        // Durable now: publish the revision and events, then acknowledge.
        Volatile.Write(ref _revision, _session.Revision);
        _hub.Publish(_session.Events, _session.Revision);
        foreach (WriteRequest request in batch)
        {
            if (request.Rejection is null)
            {
                request.Complete();
            }
            else
            {
                request.Fail(request.Rejection);
            }
        }

        if (leasesDue || _session.LeasesChanged || batch.Contains(LeaseTick.Instance))
        {
            ScheduleLeaseExpiry();
        }

        CompactAutomatically();
    }

    private void Apply(WriteRequest request)
    {
        if (request.CancellationToken.IsCancellationRequested)
        {
            request.Rejection = new OperationCanceledException(request.CancellationToken);
            return;
        }

        _session.StartRequest();
        try
        {
            request.Apply(_session);
        }
        catch (Exception error)
        {
            // The savepoint undoes just this request; if even that fails, the whole batch fails.
            _session.AbortRequest();
            request.Rejection = error as RegistryException ?? new RegistryUnavailableException($"the write failed: {error.Message}", error);
            return;
        }

        _session.FinishRequest();
    }

    private void ExpireLeases()
    {
        foreach (long leaseId in _session.DueLeases())
        {
            // Each expired lease is its own revision, with its keys deleted in key order (as etcd's revoke).
            _session.StartRequest();
            _session.RemoveLease(leaseId);
            _session.FinishRequest();
            EmbeddedRegistryLog.LeaseExpired(_logger, leaseId);
        }
    }

    private void ScheduleLeaseExpiry()
    {
        long? next = _session.NextLeaseExpiry();
        _nextLeaseExpiryMs = next ?? long.MaxValue;
        if (next is null)
        {
            _leaseTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        long due = Math.Max(0, next.Value - _time.GetUtcNow().ToUnixTimeMilliseconds());
        _leaseTimer.Change(TimeSpan.FromMilliseconds(due), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Keeps about <see cref="EmbeddedRegistryOptions.HistoryRevisions"/> revisions: once an eighth
    /// more has piled up, queues a compaction to the bound (amortised; it runs in a later batch).
    /// </summary>
    private void CompactAutomatically()
    {
        long keep = _options.HistoryRevisions;
        if (keep <= 0 || !_automaticCompaction.IsCompleted)
        {
            return;
        }

        long retained = _session.Revision - Math.Max(_session.CompactRevision, 1) + 1;
        if (retained <= keep + Math.Max(1, keep / 8))
        {
            return;
        }

        long target = _session.Revision - keep + 1;
        var compaction = new CompactWrite(target, automatic: true, CancellationToken.None);
        if (TryEnqueue(compaction))
        {
            _automaticCompaction = compaction.Task;
            EmbeddedRegistryLog.Compacted(_logger, target);
        }
    }
}
