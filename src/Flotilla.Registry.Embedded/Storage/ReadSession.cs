using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Watching;
using Microsoft.Data.Sqlite;

namespace Flotilla.Registry.Embedded.Storage;

/// <summary>
/// One reader connection with its prepared queries. Every read runs in its own SQLite read transaction,
/// so the revision it reports and the rows it returns are one snapshot (WAL keeps it stable while the
/// writer commits beside it).
/// </summary>
internal sealed class ReadSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly PreparedCommand _begin;
    private readonly PreparedCommand _end;
    private readonly PreparedCommand _meta;
    private readonly PreparedCommand _getCurrent;
    private readonly PreparedCommand _rangeCurrent;
    private readonly PreparedCommand _getAt;
    private readonly PreparedCommand _rangeAt;
    private readonly PreparedCommand _history;
    private readonly PreparedCommand _lease;
    private readonly PreparedCommand _leaseKeys;

    public ReadSession(string connectionString)
    {
        _connection = SqliteFile.Open(connectionString);
        _begin = new PreparedCommand(_connection, "BEGIN");
        _end = new PreparedCommand(_connection, "ROLLBACK");
        _meta = new PreparedCommand(_connection, Schema.ReadMeta);
        _getCurrent = new PreparedCommand(_connection, $"SELECT {Rows.KeyValueColumns} FROM kv WHERE key = $k", "$k");
        _rangeCurrent = new PreparedCommand(_connection, $"SELECT {Rows.KeyValueColumns} FROM kv WHERE key >= $s AND key < $e ORDER BY key", "$s", "$e");
        _getAt = new PreparedCommand(_connection, $"SELECT {Rows.HistoryColumns} FROM history WHERE key = $k AND rev <= $r ORDER BY key, rev DESC LIMIT 1", "$k", "$r");
        _rangeAt = new PreparedCommand(_connection, $"SELECT {Rows.HistoryColumns} FROM history WHERE key >= $s AND key < $e AND rev <= $r ORDER BY key, rev DESC", "$s", "$e", "$r");
        _history = new PreparedCommand(_connection, $"SELECT {Rows.HistoryColumns} FROM history WHERE rev >= $from AND rev <= $to AND key >= $s AND key < $e ORDER BY rev, seq", "$from", "$to", "$s", "$e");
        _lease = new PreparedCommand(_connection, "SELECT ttl, expires FROM leases WHERE id = $id", "$id");
        _leaseKeys = new PreparedCommand(_connection, "SELECT key FROM kv WHERE lease = $id AND lease <> 0 ORDER BY key", "$id");
    }

    /// <summary>The current revision of the snapshot being read.</summary>
    public long Revision { get; private set; }

    /// <summary>The compaction point of the snapshot being read.</summary>
    public long CompactRevision { get; private set; }

    public void Begin()
    {
        _begin.Execute();
        using SqliteDataReader reader = _meta.Query();
        reader.Read();
        Revision = reader.GetInt64(0);
        CompactRevision = reader.GetInt64(1);
    }

    public void End() => _end.Execute();

    /// <summary>The revision a read at <paramref name="requested"/> (0 = now) is served at, or the etcd error for it.</summary>
    public long Resolve(long requested)
    {
        if (requested == 0)
        {
            return Revision;
        }

        if (requested > Revision)
        {
            throw new RegistryInvalidRequestException($"revision {requested} is a future revision (the store is at {Revision})");
        }

        if (requested < CompactRevision)
        {
            throw new RegistryCompactedException(requested, CompactRevision);
        }

        return requested;
    }

    public KeyValue? Get(byte[] key, long revision)
    {
        if (revision == Revision)
        {
            using SqliteDataReader current = _getCurrent.Set(0, key).Query();
            return current.Read() ? Rows.KeyValue(current) : null;
        }

        using SqliteDataReader reader = _getAt.Set(0, key).Set(1, revision).Query();
        return reader.Read() && !Rows.IsDeletion(reader) ? Rows.KeyValue(reader) : null;
    }

    public List<KeyValue> Range(KeyRange range, long revision)
    {
        var items = new List<KeyValue>();
        if (revision == Revision)
        {
            using SqliteDataReader current = _rangeCurrent.Set(0, range.Start).Set(1, range.End).Query();
            while (current.Read())
            {
                items.Add(Rows.KeyValue(current));
            }

            return items;
        }

        // Rows come per key, newest first: the first row of each key is its state at the revision.
        using SqliteDataReader reader = _rangeAt.Set(0, range.Start).Set(1, range.End).Set(2, revision).Query();
        byte[]? previous = null;
        while (reader.Read())
        {
            byte[] key = reader.GetFieldValue<byte[]>(0);
            if (previous is not null && key.AsSpan().SequenceEqual(previous))
            {
                continue;
            }

            previous = key;
            if (!Rows.IsDeletion(reader))
            {
                items.Add(Rows.KeyValue(reader));
            }
        }

        return items;
    }

    /// <summary>The events under <paramref name="range"/> of revisions <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public List<WatchEvent> History(KeyRange range, long from, long to)
    {
        var events = new List<WatchEvent>();
        using SqliteDataReader reader = _history.Set(0, from).Set(1, to).Set(2, range.Start).Set(3, range.End).Query();
        while (reader.Read())
        {
            events.Add(Rows.Event(reader));
        }

        return events;
    }

    /// <summary>The lease's granted TTL in seconds and expiry (Unix milliseconds), or null.</summary>
    public (long TtlSeconds, long ExpiresMs)? Lease(long id)
    {
        using SqliteDataReader reader = _lease.Set(0, id).Query();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    public List<string> LeaseKeys(long id)
    {
        var keys = new List<string>();
        using SqliteDataReader reader = _leaseKeys.Set(0, id).Query();
        while (reader.Read())
        {
            keys.Add(KeyRange.Decode(reader.GetFieldValue<byte[]>(0)));
        }

        return keys;
    }

    public void Dispose()
    {
        foreach (PreparedCommand command in new[] { _begin, _end, _meta, _getCurrent, _rangeCurrent, _getAt, _rangeAt, _history, _lease, _leaseKeys })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }
}
