using Flotilla.Registry.Data;
using Flotilla.Registry.Watching;
using Microsoft.Data.Sqlite;

namespace Flotilla.Registry.Embedded.Storage;

/// <summary>Turns result rows into the interface's types; column orders are fixed by the queries that use them.</summary>
internal static class Rows
{
    /// <summary>The columns key, value, create_rev, mod_rev, version, lease (kv, or history with rev as mod_rev).</summary>
    public const string KeyValueColumns = "key, value, create_rev, mod_rev, version, lease";

    public const string HistoryColumns = "key, value, create_rev, rev, version, lease, deleted";

    public static KeyValue KeyValue(SqliteDataReader reader) => new(
        KeyRange.Decode(reader.GetFieldValue<byte[]>(0)),
        reader.GetFieldValue<byte[]>(1),
        reader.GetInt64(2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.GetInt64(5));

    /// <summary>The columns key, prev_value, prev_create_rev, prev_mod_rev, prev_version, prev_lease of a history row.</summary>
    public const string PreviousColumns = "key, prev_value, prev_create_rev, prev_mod_rev, prev_version, prev_lease";

    /// <summary>The key as it was before the change of a <see cref="PreviousColumns"/> row; null if it did not exist.</summary>
    public static KeyValue? Previous(SqliteDataReader reader) =>
        reader.IsDBNull(1) ? null : KeyValue(reader);

    public static bool IsDeletion(SqliteDataReader reader) => reader.GetInt64(6) != 0;

    public static WatchEvent Event(SqliteDataReader reader) =>
        IsDeletion(reader)
            ? Deletion(KeyRange.Decode(reader.GetFieldValue<byte[]>(0)), reader.GetInt64(3))
            : new WatchEvent(WatchEventKind.Put, KeyValue(reader));

    /// <summary>A delete as etcd reports it: the key, no value, the deleting revision, create revision and version 0.</summary>
    public static WatchEvent Deletion(string key, long revision) =>
        new(WatchEventKind.Delete, new KeyValue(key, ReadOnlyMemory<byte>.Empty, 0, revision, 0, 0));
}
