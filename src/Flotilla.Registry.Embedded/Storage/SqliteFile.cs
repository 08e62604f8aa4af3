using Microsoft.Data.Sqlite;

namespace Flotilla.Registry.Embedded.Storage;

/// <summary>Opens connections to the store's one database file with the settings durability needs.</summary>
internal static class SqliteFile
{
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        // The store keeps its own connections (one writer, a pool of readers with prepared statements).
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 30000;");
        return connection;
    }

    /// <summary>
    /// WAL lets readers run beside the one writer; synchronous=FULL makes every COMMIT durable before it
    /// returns, which is what lets the store acknowledge a write only after COMMIT.
    /// </summary>
    public static void ConfigureWriter(SqliteConnection connection)
    {
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "PRAGMA synchronous = FULL;");
        Execute(connection, Schema.Create);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
