using Flotilla.Registry.Data;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Tests.Layout;

/// <summary>
/// The smallest key-value fake the facade's logic needs (get, range, put, delete, transactions with
/// compares), with a hook that runs before each transaction to simulate a concurrent writer. Not a
/// store: no leases, watches or history; the real stores are covered by the conformance suite.
/// </summary>
internal sealed class InMemoryKeyValues : IRegistry
{
    private readonly SortedDictionary<string, KeyValue> _items = new(StringComparer.Ordinal);
    private long _revision = 1;

    public RegistryLimits Limits => RegistryLimits.Default;

    /// <summary>Runs before every transaction; the argument is how many transactions came before.</summary>
    public Action<int>? BeforeTransaction { get; set; }

    public int Transactions { get; private set; }

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default) =>
        Task.FromResult(_items.GetValueOrDefault(key));

    public Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default) =>
        Task.FromResult(new RangeResult(_revision, _items.Values.Where(item => item.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList()));

    public Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        Write(key, value, leaseId);
        return Task.FromResult(_revision);
    }

    public Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        bool removed = _items.Remove(key);
        if (removed)
        {
            _revision++;
        }

        return Task.FromResult(new DeleteResult(_revision, removed ? 1 : 0));
    }

    public Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        BeforeTransaction?.Invoke(Transactions++);
        bool holds = request.Compares.All(compare => compare.Holds(_items.GetValueOrDefault(compare.Key)));
        IReadOnlyList<RegistryOperation> branch = holds ? request.Success : request.FailureOrEmpty;
        bool writes = branch.Any(operation => operation.Kind != OperationKind.Get);
        long revision = writes ? _revision + 1 : _revision;
        var results = new List<OperationResult>();
        foreach (RegistryOperation operation in branch)
        {
            switch (operation.Kind)
            {
                case OperationKind.Get:
                    results.Add(new OperationResult(OperationKind.Get, _items.GetValueOrDefault(operation.Key)));
                    break;
                case OperationKind.Put:
                    _items.TryGetValue(operation.Key, out KeyValue? old);
                    _items[operation.Key] = new KeyValue(operation.Key, operation.Value, old?.CreateRevision ?? revision, revision, (old?.Version ?? 0) + 1, operation.LeaseId);
                    results.Add(new OperationResult(OperationKind.Put));
                    break;
                case OperationKind.Delete:
                    results.Add(new OperationResult(OperationKind.Delete, null, _items.Remove(operation.Key) ? 1 : 0));
                    break;
                default:
                    throw new NotSupportedException();
            }
        }

        _revision = revision;
        return Task.FromResult(new TransactionResult(holds, _revision, results));
    }

    /// <summary>Writes directly, as another client would.</summary>
    public void Write(string key, ReadOnlyMemory<byte> value, long leaseId = 0)
    {
        _revision++;
        _items.TryGetValue(key, out KeyValue? old);
        _items[key] = new KeyValue(key, value, old?.CreateRevision ?? _revision, _revision, (old?.Version ?? 0) + 1, leaseId);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => Task.FromResult(_revision);
}
