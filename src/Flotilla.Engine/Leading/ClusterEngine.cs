using Flotilla.Engine.Scheduling;
using Flotilla.Registry;
using Flotilla.Registry.Data;
using Flotilla.Registry.Election;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Microsoft.Extensions.Logging;

namespace Flotilla.Engine.Leading;

/// <summary>
/// The engine role: campaigns for leadership and, while leading, keeps a <see cref="RegistryMirror"/>
/// current with one watch, decides with <see cref="Scheduler.Decide"/> whenever something changed, and
/// commits each plan in batches guarded by the leader key's create revision, so a deposed leader cannot
/// write anything. Every engine instance in the cluster runs this; one leads, the others queue.
/// </summary>
public sealed class ClusterEngine
{
    private readonly IRegistry _registry;
    private readonly EngineOptions _options;
    private readonly RegistryLayout _layout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _leading;

    public ClusterEngine(IRegistry registry, EngineOptions? options = null)
    {
        _registry = registry;
        _options = options ?? new EngineOptions();
        _layout = _options.Layout;
        _time = _options.Time;
        _logger = _options.Logger;
    }

    /// <summary>Whether this instance is leading right now.</summary>
    public bool IsLeading => _leading;

    /// <summary>
    /// Campaigns and leads until cancelled; on cancellation a leader resigns (revoking its lease), so a
    /// successor takes over at once instead of after the lease TTL.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var election = new LeaderElection(_registry, _layout.LeaderPrefix);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CampaignAndLeadAsync(election, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                EngineLog.Deposed(_logger, "the leader lease was lost");
            }
            catch (RegistryBatchGuardFailedException error)
            {
                EngineLog.Deposed(_logger, error.Message);
            }
            catch (LeadershipLostException error)
            {
                EngineLog.Deposed(_logger, error.Message);
            }
            catch (RegistryException error)
            {
                EngineLog.RegistryFailed(_logger, error);
                await DelayAsync(_options.RetryDelay, cancellationToken);
            }
        }
    }

    private async Task CampaignAndLeadAsync(LeaderElection election, CancellationToken cancellationToken)
    {
        LeaseGrant lease = await _registry.GrantLeaseAsync(_options.LeaseTtl, cancellationToken);
        try
        {
            await using LeaseKeeper keeper = LeaseKeeper.Start(_registry, lease, _time);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Lost);
            Leadership leadership = await election.CampaignAsync(lease, _options.CandidateName, leading.Token);
            EngineLog.Elected(_logger, _options.CandidateName, leadership.Key);
            _leading = true;
            try
            {
                await LeadAsync(leadership, leading.Token);
            }
            finally
            {
                _leading = false;
            }
        }
        finally
        {
            // Revoking deletes the election key, so the next candidate leads now rather than after the TTL.
            await RevokeQuietlyAsync(lease.Id);
        }
    }

    private async Task LeadAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        while (true)
        {
            var mirror = new RegistryMirror(_layout, leadership.Key);
            await LoadAsync(mirror, cancellationToken);
            EngineLog.Loaded(_logger, mirror.UnitCount, mirror.Revision);

            // One session per full read: a compaction or the safety pass ends it and the next starts afresh.
            using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var signal = new ChangeSignal();
            Task watching = WatchAsync(mirror, signal, session.Token);
            try
            {
                await ReconcileAsync(mirror, signal, watching, leadership, cancellationToken);
            }
            catch (RegistryCompactedException)
            {
                EngineLog.Compacted(_logger);
            }
            finally
            {
                await session.CancelAsync();
                await IgnoreFailureAsync(watching);
            }
        }
    }

    /// <summary>Reads the folders the engine decides on, all at one revision.</summary>
    private async Task LoadAsync(RegistryMirror mirror, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                RangeResult units = await _registry.RangeAsync(_layout.UnitsPrefix, 0, cancellationToken);
                long revision = units.Revision;
                var items = new List<KeyValue>(units.Items);
                foreach (string prefix in new[] { _layout.MachinesPrefix, _layout.AssignmentsPrefix, _layout.ReasonsPrefix, _layout.GlobalsPrefix, _layout.LeaderPrefix })
                {
                    items.AddRange((await _registry.RangeAsync(prefix, revision, cancellationToken)).Items);
                }

                lock (mirror)
                {
                    mirror.Load(items, revision, _time.GetUtcNow());
                }

                return;
            }
            catch (RegistryCompactedException)
            {
                // Compacted between the reads: read again at a newer revision.
            }
        }
    }

    private async Task WatchAsync(RegistryMirror mirror, ChangeSignal signal, CancellationToken cancellationToken)
    {
        long from;
        lock (mirror)
        {
            from = mirror.Revision + 1;
        }

        // The whole layout in one watch, so changes arrive in revision order across folders.
        await foreach (WatchBatch batch in _registry.WatchAsync(_layout.Prefix, from, cancellationToken))
        {
            bool changed;
            lock (mirror)
            {
                changed = mirror.Apply(batch, _time.GetUtcNow());
            }

            if (changed)
            {
                signal.Set();
            }
        }
    }

    private async Task ReconcileAsync(RegistryMirror mirror, ChangeSignal signal, Task watching, Leadership leadership, CancellationToken cancellationToken)
    {
        DateTimeOffset safetyPassAt = _time.GetUtcNow() + _options.SafetyPassInterval;
        while (true)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (now >= safetyPassAt)
            {
                return;
            }

            EngineSnapshot snapshot;
            lock (mirror)
            {
                if (mirror.LeadershipLost)
                {
                    throw new LeadershipLostException($"election key {leadership.Key} is gone");
                }

                snapshot = mirror.Snapshot(now, _options.MachineGrace);
            }

            Plan plan = Scheduler.Decide(snapshot.View);
            IReadOnlyList<RegistryOperation> operations = PlanOperations.Build(snapshot, plan, _layout, now);
            if (operations.Count > 0)
            {
                long revision = await RegistryBatches.CommitAsync(_registry, [leadership.Guard], operations, cancellationToken);
                EngineLog.Committed(_logger, plan.Schedules.Count, plan.Unschedules.Count, plan.Unplaceables.Count, operations.Count, revision);

                // The next pass must see these writes, or it would place the same units again.
                await WaitForRevisionAsync(mirror, revision, signal, watching, cancellationToken);
                continue;
            }

            DateTimeOffset wakeAt = safetyPassAt;
            lock (mirror)
            {
                if (mirror.NextGraceDeadline(_options.MachineGrace) is { } graceEnds && graceEnds < wakeAt)
                {
                    wakeAt = graceEnds;
                }
            }

            await WaitForChangeAsync(signal, watching, wakeAt - now, cancellationToken);
        }
    }

    private async Task WaitForRevisionAsync(RegistryMirror mirror, long revision, ChangeSignal signal, Task watching, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (mirror)
            {
                if (mirror.Revision >= revision)
                {
                    return;
                }
            }

            await WaitForChangeAsync(signal, watching, Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }

    /// <summary>Returns on a change, after <paramref name="timeout"/>, or by throwing what ended the watch.</summary>
    private async Task WaitForChangeAsync(ChangeSignal signal, Task watching, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task changed = signal.WaitAsync(waiting.Token);
        Task[] tasks = timeout == Timeout.InfiniteTimeSpan
            ? [changed, watching]
            : [changed, watching, Task.Delay(timeout <= TimeSpan.Zero ? TimeSpan.Zero : timeout, _time, waiting.Token)];
        Task first = await Task.WhenAny(tasks);
        await waiting.CancelAsync();
        if (first == watching)
        {
            await watching; // rethrows compaction or a registry failure; a watch never just ends while leading
            throw new RegistryUnavailableException("the registry watch ended");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RevokeQuietlyAsync(long leaseId)
    {
        try
        {
            using var shortly = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _registry.RevokeLeaseAsync(leaseId, shortly.Token);
            EngineLog.Resigned(_logger);
        }
        catch (Exception error) when (error is RegistryException or OperationCanceledException)
        {
            // The lease expires by itself; the successor just waits for its TTL.
        }
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception error) when (error is OperationCanceledException or RegistryException)
        {
        }
    }
}
