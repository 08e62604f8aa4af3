using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Election;

/// <summary>
/// Leader election over any <see cref="IRegistry"/>, with etcd's concurrency recipe: every candidate
/// writes a key under the election prefix bound to its own lease, and the candidate whose key has the
/// lowest create revision leads. Candidates queue in revision order, so there is no thundering herd and
/// no split brain: when the leader's lease expires its key vanishes and the next one in line leads.
/// </summary>
public sealed class LeaderElection
{
    private readonly IRegistry _registry;

    /// <param name="prefix">The election's folder, e.g. <c>/flotilla/engine/leader/</c>; must end with '/'.</param>
    public LeaderElection(IRegistry registry, string prefix)
    {
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException($"election prefix '{prefix}' must end with '/'", nameof(prefix));
        }

        _registry = registry;
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>
    /// Joins the election with <paramref name="lease"/> and waits until this candidate leads. Cancelling
    /// withdraws the candidacy. If the lease expires while waiting, this throws
    /// <see cref="RegistryLeaseNotFoundException"/>.
    /// </summary>
    public async Task<Leadership> CampaignAsync(LeaseGrant lease, string value, CancellationToken cancellationToken)
    {
        string key = Prefix + lease.Id.ToString("x16");
        TransactionResult joined = await _registry.TransactAsync(
            new TransactionRequest(
                [Compare.Missing(key)],
                [RegistryOperation.Put(key, RegistryText.Encode(value), lease.Id)],
                [RegistryOperation.Get(key)]),
            cancellationToken);

        // Campaigning again with the same lease keeps the original place in the queue.
        long createRevision = joined.Succeeded ? joined.Revision : joined.Results[0].Item!.CreateRevision;
        var leadership = new Leadership(key, value, createRevision, lease.Id);
        try
        {
            await WaitForPredecessorsAsync(leadership, cancellationToken);
            return leadership;
        }
        catch (OperationCanceledException)
        {
            await WithdrawAsync(leadership);
            throw;
        }
    }

    /// <summary>Gives up leadership (or a place in the queue); the next candidate leads at once.</summary>
    public async Task ResignAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        await _registry.TransactAsync(
            new TransactionRequest([leadership.Guard], [RegistryOperation.Delete(leadership.Key)]),
            cancellationToken);
    }

    /// <summary>The current leader, or null when there is none.</summary>
    public async Task<LeaderInfo?> GetLeaderAsync(CancellationToken cancellationToken)
    {
        RangeResult candidates = await _registry.RangeAsync(Prefix, 0, cancellationToken);
        return Lowest(candidates.Items);
    }

    /// <summary>
    /// The leader now, then every change of leader (null while there is none), until cancelled. A
    /// compacted watch is recovered from by re-reading, so observers never miss the latest leader.
    /// </summary>
    public async IAsyncEnumerable<LeaderInfo?> ObserveAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LeaderInfo? last = null;
        bool first = true;
        while (true)
        {
            RangeResult snapshot = await _registry.RangeAsync(Prefix, 0, cancellationToken);
            var candidates = snapshot.Items.ToDictionary(item => item.Key, StringComparer.Ordinal);
            LeaderInfo? current = Lowest(candidates.Values);
            if (first || current != last)
            {
                first = false;
                last = current;
                yield return current;
            }

            IAsyncEnumerator<WatchBatch> watch = _registry.WatchAsync(Prefix, snapshot.Revision + 1, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await watch.MoveNextAsync();
                    }
                    catch (RegistryCompactedException)
                    {
                        break; // re-read from a fresh snapshot
                    }

                    if (!more)
                    {
                        break;
                    }

                    foreach (WatchEvent change in watch.Current.Events)
                    {
                        if (change.Kind == WatchEventKind.Put)
                        {
                            candidates[change.Item.Key] = change.Item;
                        }
                        else
                        {
                            candidates.Remove(change.Item.Key);
                        }
                    }

                    current = Lowest(candidates.Values);
                    if (current != last)
                    {
                        last = current;
                        yield return current;
                    }
                }
            }
            finally
            {
                await watch.DisposeAsync();
            }
        }
    }

    private async Task WaitForPredecessorsAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        while (true)
        {
            RangeResult candidates = await _registry.RangeAsync(Prefix, 0, cancellationToken);
            KeyValue? mine = candidates.Items.FirstOrDefault(item => item.Key == leadership.Key);
            if (mine is null || mine.CreateRevision != leadership.CreateRevision)
            {
                throw new RegistryLeaseNotFoundException($"candidate key {leadership.Key} vanished while waiting to lead: lease {leadership.LeaseId:x} expired or was revoked");
            }

            // Wait only for the candidate directly ahead, not the leader, so one departure wakes one waiter.
            KeyValue? ahead = candidates.Items
                .Where(item => item.CreateRevision < leadership.CreateRevision)
                .MaxBy(item => item.CreateRevision);
            if (ahead is null)
            {
                return;
            }

            await WaitForDeletionAsync(ahead.Key, candidates.Revision + 1, cancellationToken);
        }
    }

    private async Task WaitForDeletionAsync(string key, long fromRevision, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (WatchBatch batch in _registry.WatchAsync(key, fromRevision, cancellationToken))
            {
                if (batch.Events.Any(change => change.Kind == WatchEventKind.Delete && change.Item.Key == key))
                {
                    return;
                }
            }
        }
        catch (RegistryCompactedException)
        {
            // History is gone; the caller re-reads the candidates, which is all we need.
        }
    }

    private async Task WithdrawAsync(Leadership leadership)
    {
        try
        {
            using var shortly = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await ResignAsync(leadership, shortly.Token);
        }
        catch (Exception error) when (error is RegistryException or OperationCanceledException)
        {
            // Best effort: the lease removes the key anyway when it ends.
        }
    }

    private static LeaderInfo? Lowest(IEnumerable<KeyValue> candidates)
    {
        KeyValue? leader = candidates.MinBy(item => item.CreateRevision);
        return leader is null ? null : new LeaderInfo(leader.Key, leader.ValueText, leader.CreateRevision, leader.LeaseId);
    }
}
