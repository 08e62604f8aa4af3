using System.Runtime.CompilerServices;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded.Leases;
using Flotilla.Registry.Embedded.Storage;
using Flotilla.Registry.Embedded.Watching;
using Flotilla.Registry.Embedded.Writing;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Microsoft.Extensions.Logging;

namespace Flotilla.Registry.Embedded;

/// <summary>
/// The one-machine store: a SQLite database file (WAL, synchronous=FULL) with etcd v3 semantics.
/// Writes go through one group-commit loop and are acknowledged only once durable; reads run on
/// pooled reader connections, each in one snapshot; watches are fed in process and replay history
/// from the database.
/// </summary>
public sealed class EmbeddedRegistry : IRegistry
{
    // Watch replay reads history in windows of this many revisions, so a long replay never holds one
    // huge result in memory.
    private const long ReplayWindow = 1_000;

    private readonly RegistryRequestValidator _validator;
    private readonly EmbeddedRegistryOptions _options;
    private readonly FileStream _lock;
    private readonly WriteSession _writeSession;
    private readonly WriteLoop _writer;
    private readonly ReadSessionPool _readers;
    private readonly WatchHub _hub;
    private int _closed;

    private EmbeddedRegistry(string path, FileStream fileLock, EmbeddedRegistryOptions options)
    {
        _options = options;
        _validator = new RegistryRequestValidator(options.Limits);
        _lock = fileLock;
        string connectionString = SqliteFile.ConnectionString(path);
        _writeSession = new WriteSession(connectionString);
        long leases = RenewLeasesOnOpen(_writeSession, options.TimeProvider);
        _hub = new WatchHub(_writeSession.Revision, options.WatchBufferEvents);
        _readers = new ReadSessionPool(connectionString);
        _writer = new WriteLoop(_writeSession, _hub, options);
        if (options.Logger is { } logger)
        {
            EmbeddedRegistryLog.Opened(logger, path, _writeSession.Revision, leases);
        }
    }

    public RegistryLimits Limits => _validator.Limits;

    /// <summary>
    /// Opens (creating it and its directory if needed) the store in the database file at
    /// <paramref name="databasePath"/>. One process at a time: a second open of the same file fails
    /// with <see cref="RegistryUnavailableException"/>.
    /// </summary>
    public static EmbeddedRegistry Open(string databasePath, EmbeddedRegistryOptions? options = null)
    {
        string path = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStream fileLock;
        try
        {
            // Two writers on one file would each count revisions on their own; an OS lock (released
            // when the process dies, even by SIGKILL) keeps the file to one store object.
            fileLock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error)
        {
            throw new RegistryUnavailableException($"the embedded registry at {path} is already open elsewhere", error);
        }

        try
        {
            return new EmbeddedRegistry(path, fileLock, options ?? new EmbeddedRegistryOptions());
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    public Task<KeyValue?> GetAsync(string key, long revision = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.Key(key);
        _validator.Revision(revision);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] keyBytes = KeyRange.Encode(key);
        return Task.FromResult(_readers.Read(session => session.Get(keyBytes, session.Resolve(revision))));
    }

    public Task<RangeResult> RangeAsync(string prefix, long revision = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.RangePrefix(prefix);
        _validator.Revision(revision);
        cancellationToken.ThrowIfCancellationRequested();
        KeyRange range = KeyRange.ForPrefix(prefix);
        return Task.FromResult(_readers.Read(session =>
        {
            long at = session.Resolve(revision);
            return new RangeResult(at, session.Range(range, at));
        }));
    }

    public Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.Put(key, value);

        // Copied: the caller may reuse its buffer, and the bytes also travel in watch events.
        return WriteAsync(new PutWrite(key, value.ToArray(), leaseId, cancellationToken), cancellationToken);
    }

    public Task<DeleteResult> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.Key(key);
        return WriteAsync(new DeleteWrite(key, prefix: false, cancellationToken), cancellationToken);
    }

    public Task<DeleteResult> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.Key(prefix, "prefix");
        return WriteAsync(new DeleteWrite(prefix, prefix: true, cancellationToken), cancellationToken);
    }

    public Task<TransactionResult> TransactAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.Transaction(request);
        return WriteAsync(new TransactionWrite(request, cancellationToken), cancellationToken);
    }

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.LeaseTtl(ttl);
        return WriteAsync(new GrantLeaseWrite(LeaseTtl.Seconds(ttl), cancellationToken), cancellationToken);
    }

    public Task<TimeSpan> KeepAliveAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return WriteAsync(new KeepAliveWrite(leaseId, cancellationToken), cancellationToken);
    }

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return WriteAsync(new RevokeLeaseWrite(leaseId, cancellationToken), cancellationToken);
    }

    public Task<LeaseStatus?> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        long now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return Task.FromResult(_readers.Read(session =>
        {
            // A lease past its expiry is gone, even if the writer has not deleted its keys yet.
            if (session.Lease(leaseId) is not { } lease || lease.ExpiresMs <= now)
            {
                return null;
            }

            return new LeaseStatus(leaseId, TimeSpan.FromSeconds(lease.TtlSeconds), LeaseTtl.Remaining(lease.ExpiresMs - now), session.LeaseKeys(leaseId));
        }));
    }

    public IAsyncEnumerable<WatchBatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.RangePrefix(prefix);
        _validator.Revision(fromRevision);
        return WatchCoreAsync(prefix, fromRevision, cancellationToken);
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        _validator.Revision(revision);
        return WriteAsync(new CompactWrite(revision, automatic: false, cancellationToken), cancellationToken);
    }

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_writer.Revision);
    }

    /// <summary>Finishes the writes already queued, ends every watch, and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        _hub.Close();
        _readers.Dispose();
        _writeSession.Dispose();
        await _lock.DisposeAsync().ConfigureAwait(false);
    }

    private static long RenewLeasesOnOpen(WriteSession session, TimeProvider time)
    {
        // After a crash or restart every surviving lease gets a fresh full TTL (as etcd does on a
        // restart or leader change), so its holder has the time to renew it.
        return session.RefreshLeases(time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private async Task<T> WriteAsync<T>(WriteRequest<T> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_writer.TryEnqueue(request))
        {
            throw Closed();
        }

        // A write the caller stops waiting for may still be applied (as with etcd).
        return cancellationToken.CanBeCanceled
            ? await request.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await request.Task.ConfigureAwait(false);
    }

    private async IAsyncEnumerable<WatchBatch> WatchCoreAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        KeyRange range = KeyRange.ForPrefix(prefix);
        long next = fromRevision;
        while (true)
        {
            // Subscribe first (live events after StartRevision are buffered), then replay what the
            // database has up to StartRevision, then continue live: nothing missed, nothing twice.
            using WatchSubscription subscription = _hub.Subscribe(prefix);
            if (next == 0)
            {
                next = subscription.StartRevision + 1;
            }

            while (next <= subscription.StartRevision)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long from = next;
                long to = Math.Min(subscription.StartRevision, from + ReplayWindow - 1);
                List<WatchEvent> events = _readers.Read(session =>
                {
                    if (from < session.CompactRevision)
                    {
                        throw new RegistryCompactedException(from, session.CompactRevision);
                    }

                    return session.History(range, from, to);
                });
                next = to + 1;
                if (events.Count > 0)
                {
                    yield return new WatchBatch(events[^1].Revision, events);
                }
            }

            while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out WatchBatch? batch))
                {
                    subscription.Consumed(batch);
                    if (batch.Revision < next)
                    {
                        continue;
                    }

                    // A watch from a future revision skips the earlier events of a batch.
                    WatchBatch delivered = batch.Events[0].Revision >= next
                        ? batch
                        : new WatchBatch(batch.Revision, [.. batch.Events.Where(e => e.Revision >= next)]);
                    next = batch.Revision + 1;
                    yield return delivered;
                }
            }

            if (!subscription.Overflowed)
            {
                throw Closed();
            }

            // The consumer fell too far behind: catch up from the database and subscribe again.
        }
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw Closed();
        }
    }

    private static RegistryClosedException Closed() => new("the embedded registry is closed");
}
