using Flotilla.Registry.Data;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Tests.Layout;

/// <summary>
/// Not a store: records the transactions it is sent and fails the guard of the one numbered
/// <see cref="FailAt"/> (0-based), so batch commits can be tested without I/O.
/// </summary>
internal sealed class ScriptedTransactionRegistry : IRegistry
{
    public RegistryLimits Limits { get; init; } = RegistryLimits.Default;

    public int FailAt { get; init; } = -1;

    public List<TransactionRequest> Sent { get; } = [];

    public Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Sent.Add(request);
        bool succeeded = Sent.Count - 1 != FailAt;
        return Task.FromResult(new TransactionResult(succeeded, 100 + Sent.Count, []));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
