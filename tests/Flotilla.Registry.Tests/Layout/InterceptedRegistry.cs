using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Tests.Embedded;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Tests.Layout;

/// <summary>
/// A real embedded store in a temporary directory, with a hook that runs before each transaction so a
/// test can make "another client" write at exactly the moment that matters (between a read and a
/// guarded write), and a record of the transactions sent. Everything else is the store itself.
/// </summary>
internal sealed class InterceptedRegistry : IRegistry
{
    private readonly TemporaryDirectory _directory = new();
    private readonly EmbeddedRegistry _store;

    public InterceptedRegistry()
    {
        _store = EmbeddedRegistry.Open(_directory.Database);
    }

    /// <summary>Runs before every transaction; the argument is how many transactions came before.</summary>
    public Func<int, Task>? BeforeTransaction { get; set; }

    public List<TransactionRequest> Sent { get; } = [];

    public RegistryLimits Limits => _store.Limits;

    /// <summary>A write by "another client", bypassing the hook.</summary>
    public Task<long> WriteAsync(string key, ReadOnlyMemory<byte> value) => _store.PutAsync(key, value);

    public async Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        if (BeforeTransaction is not null)
        {
            await BeforeTransaction(Sent.Count);
        }

        Sent.Add(request);
        return await _store.TransactAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default) => _store.GetAsync(key, revision, cancellationToken);

    public Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default) => _store.RangeAsync(prefix, revision, cancellationToken);

    public Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default) => _store.PutAsync(key, value, leaseId, cancellationToken);

    public Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default) => _store.DeleteAsync(key, cancellationToken);

    public Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => _store.DeletePrefixAsync(prefix, cancellationToken);

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) => _store.GrantLeaseAsync(ttl, cancellationToken);

    public Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default) => _store.KeepAliveAsync(leaseId, cancellationToken);

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => _store.RevokeLeaseAsync(leaseId, cancellationToken);

    public Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => _store.GetLeaseAsync(leaseId, cancellationToken);

    public IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default) => _store.WatchAsync(prefix, fromRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => _store.CompactAsync(revision, cancellationToken);

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => _store.GetRevisionAsync(cancellationToken);
}
