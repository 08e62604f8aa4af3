namespace Flotilla.Registry.Embedded.Storage;

/// <summary>
/// The database layout. <c>kv</c> is the current state; <c>history</c> holds every change by (revision,
/// position in the revision): the key's new version (or a deletion tombstone) for watch replay, and
/// its previous version (prev_value NULL: it did not exist) so a read at an older revision is the
/// current state with the later changes undone. History is ordered by revision only: a second index by
/// key would cost every put one more random b-tree page, and the history bound keeps the undo short.
/// <c>meta</c> holds the format, the revision and the compaction point; <c>leases</c> the leases.
/// </summary>
internal static class Schema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', 2), ('revision', 1), ('compact_revision', 0);
        CREATE TABLE IF NOT EXISTS kv (
            key BLOB PRIMARY KEY,
            value BLOB NOT NULL,
            create_rev INTEGER NOT NULL,
            mod_rev INTEGER NOT NULL,
            version INTEGER NOT NULL,
            lease INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS kv_by_lease ON kv (lease, key) WHERE lease <> 0;
        CREATE TABLE IF NOT EXISTS history (
            rev INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            key BLOB NOT NULL,
            deleted INTEGER NOT NULL,
            value BLOB NOT NULL,
            create_rev INTEGER NOT NULL,
            version INTEGER NOT NULL,
            lease INTEGER NOT NULL,
            prev_value BLOB,
            prev_create_rev INTEGER NOT NULL,
            prev_mod_rev INTEGER NOT NULL,
            prev_version INTEGER NOT NULL,
            prev_lease INTEGER NOT NULL,
            PRIMARY KEY (rev, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS leases (
            id INTEGER PRIMARY KEY,
            ttl INTEGER NOT NULL,
            expires INTEGER NOT NULL);
        """;

    /// <summary>The format this code reads and writes (1 was a development format with a key index).</summary>
    public const long Version = 2;

    public const string ReadSchema = "SELECT value FROM meta WHERE name = 'schema'";

    public const string ReadMeta =
        "SELECT (SELECT value FROM meta WHERE name = 'revision'), (SELECT value FROM meta WHERE name = 'compact_revision')";
}
