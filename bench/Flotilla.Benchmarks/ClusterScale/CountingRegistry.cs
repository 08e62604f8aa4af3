using System.Runtime.CompilerServices;
using Flotilla.Registry;
using Flotilla.Registry.Data;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// One simulated machine's view of a registry client shared by many: every call is passed through and
/// counted, so requests per agent can be reported although thousands of agents share a few connections.
/// Disposing it leaves the shared client open (its owner disposes that).
/// </summary>
internal sealed class CountingRegistry(IRegistry inner, RequestCounts counts) : IRegistry
{
    public RegistryLimits Limits => inner.Limits;

    public RequestCounts Counts => counts;

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        counts.Read();
        return inner.GetAsync(key, revision, cancellationToken);
    }

    public Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default)
    {
        counts.Read();
        return inner.RangeAsync(prefix, revision, cancellationToken);
    }

    public Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        counts.Write();
        return inner.PutAsync(key, value, leaseId, cancellationToken);
    }

    public Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        counts.Write();
        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        counts.Write();
        return inner.DeletePrefixAsync(prefix, cancellationToken);
    }

    public Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        counts.Write();
        return inner.TransactAsync(request, cancellationToken);
    }

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        counts.Lease();
        return inner.GrantLeaseAsync(ttl, cancellationToken);
    }

    public Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        counts.Lease();
        return inner.KeepAliveAsync(leaseId, cancellationToken);
    }

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        counts.Lease();
        return inner.RevokeLeaseAsync(leaseId, cancellationToken);
    }

    public Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        counts.Lease();
        return inner.GetLeaseAsync(leaseId, cancellationToken);
    }

    public async IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        counts.WatchOpened();
        await foreach (WatchBatch batch in inner.WatchAsync(prefix, fromRevision, cancellationToken))
        {
            counts.Delivered(batch.Events.Count);
            yield return batch;
        }
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        counts.Write();
        return inner.CompactAsync(revision, cancellationToken);
    }

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        counts.Read();
        return inner.GetRevisionAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
