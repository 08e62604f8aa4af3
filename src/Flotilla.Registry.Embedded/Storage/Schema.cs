namespace Flotilla.Registry.Embedded.Storage;

/// <summary>
/// The database layout. <c>kv</c> is the current state; <c>history</c> holds every version of every key
/// (puts and deletion tombstones) by (revision, position in the revision) for reads at old revisions
/// and watch replay; <c>meta</c> holds the revision and the compaction point; <c>leases</c> the leases.
/// </summary>
internal static class Schema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', 1), ('revision', 1), ('compact_revision', 0);
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
            PRIMARY KEY (rev, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS history_by_key ON history (key, rev DESC);
        CREATE TABLE IF NOT EXISTS leases (
            id INTEGER PRIMARY KEY,
            ttl INTEGER NOT NULL,
            expires INTEGER NOT NULL);
        """;

    public const string ReadMeta =
        "SELECT (SELECT value FROM meta WHERE name = 'revision'), (SELECT value FROM meta WHERE name = 'compact_revision')";
}
