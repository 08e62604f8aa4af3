using Flotilla.Registry.Data;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry;

/// <summary>
/// The key-value store everything shared between machines goes through. Its semantics are etcd v3's:
/// one global revision that every write increments, and per key a create revision, a mod revision and
/// a version. The embedded store and the etcd store implement it identically; the conformance suite in
/// tests/Flotilla.Registry.Tests proves it.
/// </summary>
/// <remarks>
/// Keys are UTF-8 text, values are bytes. Every call validates its input against <see cref="Limits"/>
/// before touching the store, so a rejected request changes nothing. Failures are typed
/// (<see cref="Errors.RegistryException"/> and its subclasses) so callers can retry, re-read or give up.
/// </remarks>
public interface IRegistry : IAsyncDisposable
{
    /// <summary>The size limits requests are checked against (the same for every store).</summary>
    RegistryLimits Limits { get; }

    /// <summary>Reads one key, at <paramref name="revision"/> or, when it is 0, at the current revision.</summary>
    Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads every key that starts with <paramref name="prefix"/> ("" = all keys), sorted by key, as one
    /// consistent snapshot at <paramref name="revision"/> (0 = the current revision). Large results are
    /// paged internally; the caller always gets the whole snapshot.
    /// </summary>
    /// <exception cref="Errors.RegistryCompactedException">The revision has been compacted away.</exception>
    Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default);

    /// <summary>Writes a key, attached to <paramref name="leaseId"/> unless it is 0. Returns the new revision.</summary>
    /// <exception cref="Errors.RegistryLeaseNotFoundException">The lease has expired or was revoked.</exception>
    Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default);

    /// <summary>Deletes one key. Deleting a missing key is not an error (Deleted = 0, no new revision).</summary>
    Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key under a non-empty prefix in one revision.</summary>
    Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// If every compare holds, applies <see cref="TransactionRequest.Success"/>, otherwise
    /// <see cref="TransactionRequest.Failure"/>; atomically, in one revision.
    /// </summary>
    Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Grants a lease. TTLs are whole seconds (rounded up); keys attached to it vanish when it expires or is revoked.</summary>
    Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease once and returns its TTL; <see cref="LeaseKeeper"/> supervises repeated renewal.</summary>
    /// <exception cref="Errors.RegistryLeaseNotFoundException">The lease has expired or was revoked.</exception>
    Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a lease and deletes its keys in one revision.</summary>
    /// <exception cref="Errors.RegistryLeaseNotFoundException">The lease has expired or was revoked.</exception>
    Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>The lease's granted and remaining TTL and its keys, or null when it no longer exists.</summary>
    Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches every key under <paramref name="prefix"/> from <paramref name="fromRevision"/> (inclusive;
    /// 0 = changes after the current revision). Batches arrive in revision order, each revision whole,
    /// none lost and none repeated, also across reconnects to other members.
    /// </summary>
    /// <exception cref="Errors.RegistryCompactedException">
    /// <paramref name="fromRevision"/> (or the revision a resumed watch needs) was compacted: re-read with
    /// <see cref="RangeAsync"/> and watch again from the snapshot's revision + 1.
    /// </exception>
    IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>Discards history before <paramref name="revision"/>; watches and reads before it fail with a compacted error.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken = default);

    /// <summary>The current revision of the store.</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken = default);
}
