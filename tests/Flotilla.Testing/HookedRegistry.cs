using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Flotilla.Registry;
using Flotilla.Registry.Data;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Testing;

/// <summary>
/// A real registry seen through hooks that run before each transaction, lease grant and keep-alive, so a
/// test can hold one client's write at exactly the moment that matters (a leader about to commit) or
/// make its lease renewals fail (an agent cut off from the registry) while others act on the store.
/// Reads, watches and delivered watch events are recorded, so a test can count what one client asked
/// for. Everything else goes straight to the store.
/// </summary>
/// <param name="owned">Disposed with this registry (the store itself, when this client owns it); null when the store outlives it.</param>
public class HookedRegistry(IRegistry store, IAsyncDisposable? owned = null) : IRegistry
{
    /// <summary>Runs before every transaction of this client, with the request about to be sent.</summary>
    public Func<TransactionRequest, Task>? BeforeTransaction { get; set; }

    /// <summary>Runs before every lease keep-alive of this client (throw to make the renewal fail).</summary>
    public Func<long, Task>? BeforeKeepAlive { get; set; }

    /// <summary>Runs before every lease grant of this client (throw to make the grant fail).</summary>
    public Func<Task>? BeforeGrantLease { get; set; }

    /// <summary>Every transaction this client completed, with its result, in order.</summary>
    public ConcurrentQueue<(TransactionRequest Request, TransactionResult Result)> Completed { get; } = new();

    /// <summary>Every key this client read with a single-key get, in order.</summary>
    public ConcurrentQueue<string> Gets { get; } = new();

    /// <summary>Every prefix this client ranged over, in order.</summary>
    public ConcurrentQueue<string> Ranges { get; } = new();

    /// <summary>Every prefix this client watched, in order.</summary>
    public ConcurrentQueue<string> Watches { get; } = new();

    /// <summary>The key of every watch event delivered to this client, in order.</summary>
    public ConcurrentQueue<string> WatchedKeys { get; } = new();

    public RegistryLimits Limits => store.Limits;

    public async Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        if (BeforeTransaction is { } hook)
        {
            await hook(request);
        }

        TransactionResult result = await store.TransactAsync(request, cancellationToken);
        Completed.Enqueue((request, result));
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        Gets.Enqueue(key);
        return store.GetAsync(key, revision, cancellationToken);
    }

    public Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default)
    {
        Ranges.Enqueue(prefix);
        return store.RangeAsync(prefix, revision, cancellationToken);
    }

    public Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default) => store.PutAsync(key, value, leaseId, cancellationToken);

    public Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default) => store.DeleteAsync(key, cancellationToken);

    public Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => store.DeletePrefixAsync(prefix, cancellationToken);

    public async Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        if (BeforeGrantLease is { } hook)
        {
            await hook();
        }

        return await store.GrantLeaseAsync(ttl, cancellationToken);
    }

    public async Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        if (BeforeKeepAlive is { } hook)
        {
            await hook(leaseId);
        }

        return await store.KeepAliveAsync(leaseId, cancellationToken);
    }

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => store.RevokeLeaseAsync(leaseId, cancellationToken);

    public Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => store.GetLeaseAsync(leaseId, cancellationToken);

    public async IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Watches.Enqueue(prefix);
        await foreach (WatchBatch batch in store.WatchAsync(prefix, fromRevision, cancellationToken))
        {
            foreach (WatchEvent change in batch.Events)
            {
                WatchedKeys.Enqueue(change.Item.Key);
            }

            yield return batch;
        }
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => store.CompactAsync(revision, cancellationToken);

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => store.GetRevisionAsync(cancellationToken);
}
