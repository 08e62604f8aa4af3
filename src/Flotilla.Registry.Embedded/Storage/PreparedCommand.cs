using Microsoft.Data.Sqlite;

namespace Flotilla.Registry.Embedded.Storage;

/// <summary>
/// A statement compiled once per connection and re-run with new parameter values, so the hot write
/// path neither re-parses SQL nor allocates parameter objects.
/// </summary>
internal sealed class PreparedCommand : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public PreparedCommand(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = new SqliteParameter[parameterNames.Length];
        for (int i = 0; i < parameterNames.Length; i++)
        {
            _parameters[i] = _command.Parameters.Add(new SqliteParameter(parameterNames[i], null));
        }
    }

    public PreparedCommand Set(int index, object value)
    {
        _parameters[index].Value = value;
        return this;
    }

    public int Execute()
    {
        EnsurePrepared();
        return _command.ExecuteNonQuery();
    }

    public SqliteDataReader Query()
    {
        EnsurePrepared();
        return _command.ExecuteReader();
    }

    public long? ScalarInt64()
    {
        EnsurePrepared();
        object? value = _command.ExecuteScalar();
        return value is null or DBNull ? null : (long)value;
    }

    public void Dispose() => _command.Dispose();

    private bool _prepared;

    private void EnsurePrepared()
    {
        // Prepared lazily: statements over tables are compiled after the schema exists.
        if (!_prepared)
        {
            _command.Prepare();
            _prepared = true;
        }
    }
}
