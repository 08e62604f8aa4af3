using System.Runtime.InteropServices;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded.Storage;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Watching;
using Microsoft.Data.Sqlite;

namespace Flotilla.Registry.Embedded.Writing;

/// <summary>
/// The writer's connection and the state of the batch being written. Requests of one batch share
/// one SQLite transaction; each runs inside its own savepoint, and every request that changes
/// something takes the next revision. Nothing here touches shared memory: the write loop publishes
/// revisions and events only after COMMIT returned.
/// </summary>
internal sealed class WriteSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly PreparedCommand _begin;
    private readonly PreparedCommand _commit;
    private readonly PreparedCommand _rollback;
    private readonly PreparedCommand _savepoint;
    private readonly PreparedCommand _release;
    private readonly PreparedCommand _rollbackToSavepoint;
    private readonly PreparedCommand _setMeta;
    private readonly PreparedCommand _readKey;
    private readonly PreparedCommand _upsert;
    private readonly PreparedCommand _deleteKey;
    private readonly PreparedCommand _rowsInRange;
    private readonly PreparedCommand _deleteRange;
    private readonly PreparedCommand _appendHistory;
    private readonly PreparedCommand _leaseTtl;
    private readonly PreparedCommand _insertLease;
    private readonly PreparedCommand _renewLease;
    private readonly PreparedCommand _deleteLease;
    private readonly PreparedCommand _leaseRows;
    private readonly PreparedCommand _dueLeases;
    private readonly PreparedCommand _nextExpiry;
    private readonly PreparedCommand _compact;
    private readonly List<PreparedCommand> _all = [];

    private long _revisionAtBegin;
    private long _compactAtBegin;
    private int _pendingWrites;
    private int _eventsAtRequestStart;
    private bool _requestHasSavepoint;

    public WriteSession(string connectionString)
    {
        _connection = SqliteFile.Open(connectionString);
        SqliteFile.ConfigureWriter(_connection);
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _savepoint = Prepare("SAVEPOINT request");
        _release = Prepare("RELEASE request");
        _rollbackToSavepoint = Prepare("ROLLBACK TO request");
        _setMeta = Prepare("UPDATE meta SET value = $v WHERE name = $n", "$n", "$v");
        _readKey = Prepare($"SELECT {Rows.KeyValueColumns} FROM kv WHERE key = $k", "$k");
        _upsert = Prepare("""
            INSERT INTO kv (key, value, create_rev, mod_rev, version, lease) VALUES ($k, $v, $c, $r, $n, $l)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, mod_rev = excluded.mod_rev, version = excluded.version, lease = excluded.lease
            """, "$k", "$v", "$c", "$r", "$n", "$l");
        _deleteKey = Prepare("DELETE FROM kv WHERE key = $k", "$k");
        _rowsInRange = Prepare($"SELECT {Rows.KeyValueColumns} FROM kv WHERE key >= $s AND key < $e ORDER BY key", "$s", "$e");
        _deleteRange = Prepare("DELETE FROM kv WHERE key >= $s AND key < $e", "$s", "$e");
        _appendHistory = Prepare("""
            INSERT INTO history (rev, seq, key, deleted, value, create_rev, version, lease, prev_value, prev_create_rev, prev_mod_rev, prev_version, prev_lease)
            VALUES ($r, $q, $k, $d, $v, $c, $n, $l, $pv, $pc, $pm, $pn, $pl)
            """, "$r", "$q", "$k", "$d", "$v", "$c", "$n", "$l", "$pv", "$pc", "$pm", "$pn", "$pl");
        _leaseTtl = Prepare("SELECT ttl FROM leases WHERE id = $id", "$id");
        _insertLease = Prepare("INSERT INTO leases (id, ttl, expires) VALUES ($id, $ttl, $x)", "$id", "$ttl", "$x");
        _renewLease = Prepare("UPDATE leases SET expires = $now + ttl * 1000 WHERE id = $id RETURNING ttl", "$id", "$now");
        _deleteLease = Prepare("DELETE FROM leases WHERE id = $id", "$id");
        _leaseRows = Prepare($"SELECT {Rows.KeyValueColumns} FROM kv WHERE lease = $id AND lease <> 0 ORDER BY key", "$id");
        _dueLeases = Prepare("SELECT id FROM leases WHERE expires <= $now ORDER BY expires, id", "$now");
        _nextExpiry = Prepare("SELECT MIN(expires) FROM leases");

        // Reads at revision r undo only the changes after r, so history before the compaction point is
        // simply dropped: one range delete at the front of the table.
        _compact = Prepare("DELETE FROM history WHERE rev < $c", "$c");

        using (SqliteCommand readFormat = _connection.CreateCommand())
        {
            readFormat.CommandText = Schema.ReadSchema;
            object? format = readFormat.ExecuteScalar();
            if (format is not long version || version != Schema.Version)
            {
                _connection.Dispose();
                throw new RegistryUnavailableException($"the embedded registry's database has format {format}; this build reads format {Schema.Version}");
            }
        }

        using SqliteCommand meta = _connection.CreateCommand();
        meta.CommandText = Schema.ReadMeta;
        using SqliteDataReader reader = meta.ExecuteReader();
        reader.Read();
        Revision = reader.GetInt64(0);
        CompactRevision = reader.GetInt64(1);
    }

    /// <summary>The last revision written, including requests of the open batch.</summary>
    public long Revision { get; private set; }

    public long CompactRevision { get; private set; }

    /// <summary>The time the batch runs at (Unix milliseconds), for lease expiry.</summary>
    public long NowMs { get; private set; }

    /// <summary>Events of the open batch, in revision order.</summary>
    public List<WatchEvent> Events { get; } = [];

    /// <summary>Whether a lease was granted, renewed or removed in the open batch.</summary>
    public bool LeasesChanged { get; private set; }

    /// <summary>The revision the current request's writes get.</summary>
    public long WriteRevision => Revision + 1;

    /// <summary>The store's revision as the current request leaves it.</summary>
    public long RevisionAfterRequest => _pendingWrites > 0 ? Revision + 1 : Revision;

    public void Begin(long nowMs)
    {
        _begin.Execute();
        _revisionAtBegin = Revision;
        _compactAtBegin = CompactRevision;
        NowMs = nowMs;
        Events.Clear();
        LeasesChanged = false;
    }

    public void Commit()
    {
        if (Revision != _revisionAtBegin)
        {
            _setMeta.Set(0, "revision").Set(1, Revision).Execute();
        }

        if (CompactRevision != _compactAtBegin)
        {
            _setMeta.Set(0, "compact_revision").Set(1, CompactRevision).Execute();
        }

        _commit.Execute();
    }

    /// <summary>Abandons the batch (after a failure): the database and this session go back to the last commit.</summary>
    public void Rollback()
    {
        Revision = _revisionAtBegin;
        CompactRevision = _compactAtBegin;
        Events.Clear();
        _pendingWrites = 0;
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
        {
            _rollback.Execute();
        }
    }

    public void StartRequest(bool savepoint = true)
    {
        if (savepoint)
        {
            _savepoint.Execute();
        }

        _requestHasSavepoint = savepoint;
        _pendingWrites = 0;
        _eventsAtRequestStart = Events.Count;
    }

    /// <summary>
    /// Whether the current request can still be undone alone (it has a savepoint, or wrote nothing yet)
    /// with the batch transaction still open. Some errors (disk full, I/O) make SQLite roll back the
    /// whole transaction; the batch must then fail as a whole, never go on in autocommit mode where
    /// each later request would be committed on its own before the batch is reported failed.
    /// </summary>
    public bool CanAbortRequest =>
        (_requestHasSavepoint || _pendingWrites == 0) && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    public void FinishRequest()
    {
        if (_requestHasSavepoint)
        {
            _release.Execute();
        }

        if (_pendingWrites > 0)
        {
            Revision++;
            _pendingWrites = 0;
        }
    }

    public void AbortRequest()
    {
        _pendingWrites = 0;
        Events.RemoveRange(_eventsAtRequestStart, Events.Count - _eventsAtRequestStart);
        if (_requestHasSavepoint)
        {
            _rollbackToSavepoint.Execute();
            _release.Execute();
        }
    }

    public KeyValue? Read(string key) => Read(KeyRange.Encode(key));

    public void Put(string key, byte[] value, long leaseId)
    {
        long revision = WriteRevision;
        byte[] keyBytes = KeyRange.Encode(key);
        KeyValue? previous = Read(keyBytes);
        long createRevision = previous?.CreateRevision ?? revision;
        long version = (previous?.Version ?? 0) + 1;
        _upsert.Set(0, keyBytes).Set(1, value).Set(2, createRevision).Set(3, revision).Set(4, version).Set(5, leaseId).Execute();
        AppendHistory(revision, keyBytes, deleted: false, value, createRevision, version, leaseId, previous);
        Events.Add(new WatchEvent(WatchEventKind.Put, new KeyValue(key, value, createRevision, revision, version, leaseId)));
    }

    /// <summary>Deletes one key; false (and no revision) when it does not exist.</summary>
    public bool Delete(string key)
    {
        byte[] keyBytes = KeyRange.Encode(key);
        if (Read(keyBytes) is not { } previous)
        {
            return false;
        }

        _deleteKey.Set(0, keyBytes).Execute();
        RecordDeletion(keyBytes, previous);
        return true;
    }

    /// <summary>Deletes every key in the range, in key order; returns how many.</summary>
    public long DeletePrefix(KeyRange range)
    {
        List<(byte[] Key, KeyValue Item)> rows = ReadRows(_rowsInRange.Set(0, range.Start).Set(1, range.End));
        if (rows.Count > 0)
        {
            _deleteRange.Set(0, range.Start).Set(1, range.End).Execute();
            foreach ((byte[] key, KeyValue item) in rows)
            {
                RecordDeletion(key, item);
            }
        }

        return rows.Count;
    }

    public long? LeaseTtl(long leaseId) => _leaseTtl.Set(0, leaseId).ScalarInt64();

    public void RequireLease(long leaseId)
    {
        if (LeaseTtl(leaseId) is null)
        {
            throw new RegistryLeaseNotFoundException(leaseId);
        }
    }

    public void InsertLease(long leaseId, long ttlSeconds)
    {
        _insertLease.Set(0, leaseId).Set(1, ttlSeconds).Set(2, NowMs + (ttlSeconds * 1000)).Execute();
        LeasesChanged = true;
    }

    /// <summary>Starts the lease's TTL again from now; returns the TTL in seconds.</summary>
    public long RenewLease(long leaseId)
    {
        long ttl = _renewLease.Set(0, leaseId).Set(1, NowMs).ScalarInt64() ?? throw new RegistryLeaseNotFoundException(leaseId);
        LeasesChanged = true;
        return ttl;
    }

    /// <summary>Removes the lease and deletes its keys in key order (one revision if there were any).</summary>
    public void RemoveLease(long leaseId)
    {
        RequireLease(leaseId);
        foreach ((byte[] key, KeyValue item) in ReadRows(_leaseRows.Set(0, leaseId)))
        {
            _deleteKey.Set(0, key).Execute();
            RecordDeletion(key, item);
        }

        _deleteLease.Set(0, leaseId).Execute();
        LeasesChanged = true;
    }

    public List<long> DueLeases()
    {
        var due = new List<long>();
        using SqliteDataReader reader = _dueLeases.Set(0, NowMs).Query();
        while (reader.Read())
        {
            due.Add(reader.GetInt64(0));
        }

        return due;
    }

    /// <summary>The earliest lease expiry (Unix milliseconds), or null without leases. Call outside a batch.</summary>
    public long? NextLeaseExpiry() => _nextExpiry.ScalarInt64();

    /// <summary>Gives every lease a fresh full TTL from <paramref name="nowMs"/> (on open; etcd does the same on restart).</summary>
    public long RefreshLeases(long nowMs)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "UPDATE leases SET expires = $now + ttl * 1000";
        command.Parameters.AddWithValue("$now", nowMs);
        return command.ExecuteNonQuery();
    }

    public void Compact(long revision)
    {
        _compact.Set(0, revision).Execute();
        CompactRevision = revision;
    }

    public void Dispose()
    {
        foreach (PreparedCommand command in _all)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private KeyValue? Read(byte[] key)
    {
        using SqliteDataReader reader = _readKey.Set(0, key).Query();
        return reader.Read() ? Storage.Rows.KeyValue(reader) : null;
    }

    private void RecordDeletion(byte[] keyBytes, KeyValue previous)
    {
        long revision = WriteRevision;
        AppendHistory(revision, keyBytes, deleted: true, [], 0, 0, 0, previous);
        Events.Add(Storage.Rows.Deletion(previous.Key, revision));
    }

    private void AppendHistory(long revision, byte[] key, bool deleted, byte[] value, long createRevision, long version, long leaseId, KeyValue? previous)
    {
        _appendHistory.Set(0, revision).Set(1, _pendingWrites++).Set(2, key).Set(3, deleted ? 1L : 0L).Set(4, value)
            .Set(5, createRevision).Set(6, version).Set(7, leaseId)
            .Set(8, previous is null ? DBNull.Value : ArrayOf(previous.Value))
            .Set(9, previous?.CreateRevision ?? 0L).Set(10, previous?.ModRevision ?? 0L)
            .Set(11, previous?.Version ?? 0L).Set(12, previous?.LeaseId ?? 0L)
            .Execute();
    }

    /// <summary>The bytes of a value read from the database (its own array, so no copy), for binding.</summary>
    private static byte[] ArrayOf(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();

    private static List<(byte[] Key, KeyValue Item)> ReadRows(PreparedCommand query)
    {
        var rows = new List<(byte[] Key, KeyValue Item)>();
        using SqliteDataReader reader = query.Query();
        while (reader.Read())
        {
            rows.Add((reader.GetFieldValue<byte[]>(0), Storage.Rows.KeyValue(reader)));
        }

        return rows;
    }

    private PreparedCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = new PreparedCommand(_connection, sql, parameterNames);
        _all.Add(command);
        return command;
    }
}
