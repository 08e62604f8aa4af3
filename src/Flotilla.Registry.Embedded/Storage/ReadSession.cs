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
    private readonly PreparedCommand _firstChangeAfter;
    private readonly PreparedCommand _changesAfter;
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
        _firstChangeAfter = new PreparedCommand(_connection, $"SELECT {Rows.PreviousColumns} FROM history WHERE rev > $r AND key = $k ORDER BY rev, seq LIMIT 1", "$k", "$r");
        _changesAfter = new PreparedCommand(_connection, $"SELECT {Rows.PreviousColumns} FROM history WHERE rev > $r AND key >= $s AND key < $e ORDER BY rev, seq", "$s", "$e", "$r");
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
        if (revision < Revision)
        {
            // The key's first change after the revision recorded what it was at the revision.
            using SqliteDataReader change = _firstChangeAfter.Set(0, key).Set(1, revision).Query();
            if (change.Read())
            {
                return Rows.Previous(change);
            }
        }

        using SqliteDataReader current = _getCurrent.Set(0, key).Query();
        return current.Read() ? Rows.KeyValue(current) : null;
    }

    public List<KeyValue> Range(KeyRange range, long revision)
    {
        var items = new List<(byte[] Key, KeyValue? Item)>();
        using (SqliteDataReader current = _rangeCurrent.Set(0, range.Start).Set(1, range.End).Query())
        {
            while (current.Read())
            {
                items.Add((current.GetFieldValue<byte[]>(0), Rows.KeyValue(current)));
            }
        }

        if (revision < Revision)
        {
            Undo(items, range, revision);
        }

        var result = new List<KeyValue>(items.Count);
        foreach ((_, KeyValue? item) in items)
        {
            if (item is not null)
            {
                result.Add(item);
            }
        }

        return result;
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

    /// <summary>
    /// Turns the current rows of <paramref name="range"/> (sorted by key) into the rows at
    /// <paramref name="revision"/>: each key changed since then takes the state its first later change
    /// recorded as previous (null: it did not exist then).
    /// </summary>
    private void Undo(List<(byte[] Key, KeyValue? Item)> items, KeyRange range, long revision)
    {
        Dictionary<string, int>? positions = null;
        HashSet<string>? undone = null;
        bool added = false;
        using SqliteDataReader change = _changesAfter.Set(0, range.Start).Set(1, range.End).Set(2, revision).Query();
        while (change.Read())
        {
            if (positions is null)
            {
                positions = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
                for (int i = 0; i < items.Count; i++)
                {
                    positions[items[i].Item!.Key] = i;
                }

                undone = new HashSet<string>(StringComparer.Ordinal);
            }

            byte[] key = change.GetFieldValue<byte[]>(0);
            KeyValue? previous = Rows.Previous(change);
            string text = previous?.Key ?? KeyRange.Decode(key);
            if (!undone!.Add(text))
            {
                continue;
            }

            if (positions.TryGetValue(text, out int position))
            {
                items[position] = (key, previous);
            }
            else
            {
                // Deleted since: it comes back, in key order.
                items.Add((key, previous));
                added = true;
            }
        }

        if (added)
        {
            items.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        }
    }

    public void Dispose()
    {
        foreach (PreparedCommand command in new[] { _begin, _end, _meta, _getCurrent, _rangeCurrent, _firstChangeAfter, _changesAfter, _history, _lease, _leaseKeys })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }
}
