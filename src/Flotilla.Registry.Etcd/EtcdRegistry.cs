using System.Runtime.CompilerServices;
using Etcdserverpb;
using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Etcd.Connection;
using Flotilla.Registry.Etcd.Mapping;
using Flotilla.Registry.Etcd.Watching;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Google.Protobuf;
using Grpc.Core;
using LeaseStatus = Flotilla.Registry.Leases.LeaseStatus;

namespace Flotilla.Registry.Etcd;

/// <summary>
/// <see cref="IRegistry"/> on an etcd v3 cluster, over etcd's gRPC API (one channel per member).
/// Reads, keep-alives and lease lookups move to another member when one fails; writes do so only when
/// they certainly never reached a server; watches resume on another member from the last delivered
/// revision.
/// </summary>
public sealed class EtcdRegistry : IRegistry
{
    // Keys per page of a range: small enough that a page of ~2 KiB values stays well under a few MiB.
    private const int PageSize = 500;

    private readonly EtcdConnection _connection;
    private readonly RegistryRequestValidator _validator;

    public EtcdRegistry(EtcdRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _validator = new RegistryRequestValidator(options.Limits);
        _connection = new EtcdConnection(options);
    }

    public RegistryLimits Limits => _validator.Limits;

    /// <summary>The client URL of the member requests currently go to.</summary>
    public string ActiveEndpoint => _connection.ActiveEndpoint;

    public async Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        _validator.Key(key);
        _validator.Revision(revision);
        var request = new RangeRequest { Key = EtcdKeys.Key(key), Revision = revision };
        RangeResponse response = await ReadAsync(request, revision, cancellationToken);
        return response.Kvs.Count == 0 ? null : EtcdConversions.ToKeyValue(response.Kvs[0]);
    }

    public async Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default)
    {
        _validator.RangePrefix(prefix);
        _validator.Revision(revision);
        (ByteString start, ByteString end) = EtcdKeys.Prefix(prefix);
        var items = new List<KeyValue>();
        long snapshot = revision;
        while (true)
        {
            // Every page after the first reads at the first page's revision: one consistent snapshot.
            var request = new RangeRequest { Key = start, RangeEnd = end, Revision = snapshot, Limit = PageSize };
            RangeResponse response = await ReadAsync(request, snapshot, cancellationToken);
            if (snapshot == 0)
            {
                snapshot = response.Header.Revision;
            }

            foreach (Mvccpb.KeyValue item in response.Kvs)
            {
                items.Add(EtcdConversions.ToKeyValue(item));
            }

            if (!response.More || response.Kvs.Count == 0)
            {
                return new RangeResult(snapshot, items);
            }

            start = EtcdKeys.After(response.Kvs[^1].Key);
        }
    }

    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        _validator.Put(key, value);
        var request = new PutRequest { Key = EtcdKeys.Key(key), Value = EtcdConversions.Bytes(value), Lease = leaseId };
        PutResponse response = await _connection.InvokeAsync(
            (endpoint, options) => endpoint.Kv.PutAsync(request, options).ResponseAsync, idempotent: false, cancellationToken, leaseId);
        return response.Header.Revision;
    }

    public async Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        _validator.Key(key);
        return await DeleteRangeAsync(new DeleteRangeRequest { Key = EtcdKeys.Key(key) }, cancellationToken);
    }

    public async Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        // Key(), not RangePrefix(): an empty prefix would wipe the whole store.
        _validator.Key(prefix, "prefix");
        (ByteString key, ByteString end) = EtcdKeys.Prefix(prefix);
        return await DeleteRangeAsync(new DeleteRangeRequest { Key = key, RangeEnd = end }, cancellationToken);
    }

    public async Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _validator.Transaction(request);
        TxnRequest txn = EtcdConversions.ToEtcd(request);

        // Not retried once sent: a txn that reached a member before it died may have applied, and
        // applying it again could write twice (e.g. a create-if-missing that now fails, or increments).
        TxnResponse response = await _connection.InvokeAsync(
            (endpoint, options) => endpoint.Kv.TxnAsync(txn, options).ResponseAsync, idempotent: false, cancellationToken);
        return EtcdConversions.ToResult(request, response);
    }

    public async Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        _validator.LeaseTtl(ttl);
        var request = new LeaseGrantRequest { TTL = (long)Math.Ceiling(ttl.TotalSeconds) };
        LeaseGrantResponse response = await _connection.InvokeAsync(
            (endpoint, options) => endpoint.Lease.LeaseGrantAsync(request, options).ResponseAsync, idempotent: false, cancellationToken);
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new RegistryException($"etcd did not grant the lease: {response.Error}");
        }

        return new LeaseGrant(response.ID, TimeSpan.FromSeconds(response.TTL));
    }

    public async Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        long ttl = await _connection.InvokeAsync(
            (endpoint, options) => endpoint.KeepAlives.RenewAsync(leaseId, options), idempotent: true, cancellationToken, leaseId);
        if (ttl <= 0)
        {
            throw new RegistryLeaseNotFoundException(leaseId);
        }

        return TimeSpan.FromSeconds(ttl);
    }

    public async Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        // Not retried once sent: a revoke that applied and is repeated would report "not found".
        var request = new LeaseRevokeRequest { ID = leaseId };
        await _connection.InvokeAsync(
            (endpoint, options) => endpoint.Lease.LeaseRevokeAsync(request, options).ResponseAsync, idempotent: false, cancellationToken, leaseId);
    }

    public async Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        var request = new LeaseTimeToLiveRequest { ID = leaseId, Keys = true };
        LeaseTimeToLiveResponse response;
        try
        {
            response = await _connection.InvokeAsync(
                (endpoint, options) => endpoint.Lease.LeaseTimeToLiveAsync(request, options).ResponseAsync, idempotent: true, cancellationToken, leaseId);
        }
        catch (RegistryLeaseNotFoundException)
        {
            return null;
        }

        if (response.TTL < 0)
        {
            return null;
        }

        // etcd lists a lease's keys in no particular order.
        List<string> keys = [.. response.Keys.Select(k => k.ToStringUtf8()).Order(StringComparer.Ordinal)];
        return new LeaseStatus(leaseId, TimeSpan.FromSeconds(response.GrantedTTL), TimeSpan.FromSeconds(response.TTL), keys);
    }

    public async IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _validator.RangePrefix(prefix);
        _validator.Revision(fromRevision);
        _connection.ThrowIfClosed();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _connection.Closing);
        using var session = new EtcdWatchSession(_connection, prefix, fromRevision);
        while (true)
        {
            foreach (WatchBatch batch in await session.NextAsync(cancellationToken, linked.Token))
            {
                yield return batch;
            }
        }
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        _validator.Revision(revision);

        // Physical: returns once the history is really gone, so what follows sees the compaction.
        var request = new CompactionRequest { Revision = revision, Physical = true };
        try
        {
            await _connection.InvokeAsync(
                (endpoint, options) => endpoint.Kv.CompactAsync(request, options).ResponseAsync, idempotent: false, cancellationToken);
        }
        catch (RegistryInvalidRequestException error) when (error.InnerException is RpcException rpc && EtcdFailure.IsCompacted(rpc))
        {
            throw new RegistryCompactedException(revision, await CompactRevisionAsync(EtcdKeys.Zero, revision, cancellationToken));
        }
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        // The cheapest linearizable read: counts one key and carries the store's revision in its header.
        var request = new RangeRequest { Key = EtcdKeys.Zero, CountOnly = true };
        RangeResponse response = await ReadAsync(request, 0, cancellationToken);
        return response.Header.Revision;
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<RangeResponse> ReadAsync(RangeRequest request, long revision, CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.InvokeAsync(
                (endpoint, options) => endpoint.Kv.RangeAsync(request, options).ResponseAsync, idempotent: true, cancellationToken);
        }
        catch (RegistryInvalidRequestException error) when (error.InnerException is RpcException rpc && EtcdFailure.IsCompacted(rpc))
        {
            throw new RegistryCompactedException(revision, await CompactRevisionAsync(request.Key, revision, cancellationToken));
        }
    }

    private async Task<long> CompactRevisionAsync(ByteString key, long requested, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _connection.Closing);
        return await EtcdCompaction.FindAsync(_connection, key, requested, linked.Token);
    }

    private async Task<DeleteResult> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken cancellationToken)
    {
        DeleteRangeResponse response = await _connection.InvokeAsync(
            (endpoint, options) => endpoint.Kv.DeleteRangeAsync(request, options).ResponseAsync, idempotent: false, cancellationToken);
        return new DeleteResult(response.Header.Revision, response.Deleted);
    }
}
