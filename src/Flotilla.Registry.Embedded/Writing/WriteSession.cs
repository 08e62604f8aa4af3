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
    private readonly PreparedCommand _keysInRange;
    private readonly PreparedCommand _deleteRange;
    private readonly PreparedCommand _appendHistory;
    private readonly PreparedCommand _leaseTtl;
    private readonly PreparedCommand _insertLease;
    private readonly PreparedCommand _renewLease;
    private readonly PreparedCommand _deleteLease;
    private readonly PreparedCommand _leaseKeys;
    private readonly PreparedCommand _dueLeases;
    private readonly PreparedCommand _nextExpiry;
    private readonly PreparedCommand _compactSuperseded;
    private readonly PreparedCommand _compactTombstones;
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
            INSERT INTO kv (key, value, create_rev, mod_rev, version, lease) VALUES ($k, $v, $r, $r, 1, $l)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, mod_rev = excluded.mod_rev, version = kv.version + 1, lease = excluded.lease
            RETURNING create_rev, version
            """, "$k", "$v", "$r", "$l");
        _deleteKey = Prepare("DELETE FROM kv WHERE key = $k", "$k");
        _keysInRange = Prepare("SELECT key FROM kv WHERE key >= $s AND key < $e ORDER BY key", "$s", "$e");
        _deleteRange = Prepare("DELETE FROM kv WHERE key >= $s AND key < $e", "$s", "$e");
        _appendHistory = Prepare(
            "INSERT INTO history (rev, seq, key, deleted, value, create_rev, version, lease) VALUES ($r, $q, $k, $d, $v, $c, $n, $l)",
            "$r", "$q", "$k", "$d", "$v", "$c", "$n", "$l");
        _leaseTtl = Prepare("SELECT ttl FROM leases WHERE id = $id", "$id");
        _insertLease = Prepare("INSERT INTO leases (id, ttl, expires) VALUES ($id, $ttl, $x)", "$id", "$ttl", "$x");
        _renewLease = Prepare("UPDATE leases SET expires = $now + ttl * 1000 WHERE id = $id RETURNING ttl", "$id", "$now");
        _deleteLease = Prepare("DELETE FROM leases WHERE id = $id", "$id");
        _leaseKeys = Prepare("SELECT key FROM kv WHERE lease = $id AND lease <> 0 ORDER BY key", "$id");
        _dueLeases = Prepare("SELECT id FROM leases WHERE expires <= $now ORDER BY expires, id", "$now");
        _nextExpiry = Prepare("SELECT MIN(expires) FROM leases");

        // History before the compaction point keeps, per key, only the version live at that point
        // (so the compaction revision itself stays readable). Rows older than the previous compaction
        // point are already reduced that way, so only keys written since then need looking at.
        _compactSuperseded = Prepare("""
            DELETE FROM history
            WHERE rev < $c
              AND key IN (SELECT key FROM history WHERE rev >= $p AND rev <= $c)
              AND rev < (SELECT MAX(h.rev) FROM history AS h WHERE h.key = history.key AND h.rev <= $c)
            """, "$c", "$p");
        _compactTombstones = Prepare("DELETE FROM history WHERE rev >= $p AND rev < $c AND deleted <> 0", "$c", "$p");

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

    public KeyValue? Read(string key)
    {
        using SqliteDataReader reader = _readKey.Set(0, KeyRange.Encode(key)).Query();
        return reader.Read() ? Rows.KeyValue(reader) : null;
    }

    public void Put(string key, byte[] value, long leaseId)
    {
        long revision = WriteRevision;
        byte[] keyBytes = KeyRange.Encode(key);
        long createRevision;
        long version;
        using (SqliteDataReader reader = _upsert.Set(0, keyBytes).Set(1, value).Set(2, revision).Set(3, leaseId).Query())
        {
            reader.Read();
            createRevision = reader.GetInt64(0);
            version = reader.GetInt64(1);
        }

        _appendHistory.Set(0, revision).Set(1, _pendingWrites++).Set(2, keyBytes).Set(3, 0L).Set(4, value)
            .Set(5, createRevision).Set(6, version).Set(7, leaseId).Execute();
        Events.Add(new WatchEvent(WatchEventKind.Put, new KeyValue(key, value, createRevision, revision, version, leaseId)));
    }

    /// <summary>Deletes one key; false (and no revision) when it does not exist.</summary>
    public bool Delete(string key)
    {
        byte[] keyBytes = KeyRange.Encode(key);
        if (_deleteKey.Set(0, keyBytes).Execute() == 0)
        {
            return false;
        }

        RecordDeletion(keyBytes, key);
        return true;
    }

    /// <summary>Deletes every key in the range, in key order; returns how many.</summary>
    public long DeletePrefix(KeyRange range)
    {
        List<byte[]> keys = Keys(_keysInRange.Set(0, range.Start).Set(1, range.End));
        if (keys.Count > 0)
        {
            _deleteRange.Set(0, range.Start).Set(1, range.End).Execute();
            foreach (byte[] key in keys)
            {
                RecordDeletion(key, KeyRange.Decode(key));
            }
        }

        return keys.Count;
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
        foreach (byte[] key in Keys(_leaseKeys.Set(0, leaseId)))
        {
            _deleteKey.Set(0, key).Execute();
            RecordDeletion(key, KeyRange.Decode(key));
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
        long previous = CompactRevision;
        _compactSuperseded.Set(0, revision).Set(1, previous).Execute();
        _compactTombstones.Set(0, revision).Set(1, previous).Execute();
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

    private void RecordDeletion(byte[] keyBytes, string key)
    {
        long revision = WriteRevision;
        _appendHistory.Set(0, revision).Set(1, _pendingWrites++).Set(2, keyBytes).Set(3, 1L).Set(4, Array.Empty<byte>())
            .Set(5, 0L).Set(6, 0L).Set(7, 0L).Execute();
        Events.Add(Rows.Deletion(key, revision));
    }

    private static List<byte[]> Keys(PreparedCommand query)
    {
        var keys = new List<byte[]>();
        using SqliteDataReader reader = query.Query();
        while (reader.Read())
        {
            keys.Add(reader.GetFieldValue<byte[]>(0));
        }

        return keys;
    }

    private PreparedCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = new PreparedCommand(_connection, sql, parameterNames);
        _all.Add(command);
        return command;
    }
}
