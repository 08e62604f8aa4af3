using System.Collections.Concurrent;

namespace Flotilla.Registry.Embedded.Storage;

/// <summary>Reader connections kept open with their prepared statements, one per concurrent reader.</summary>
internal sealed class ReadSessionPool : IDisposable
{
    private readonly string _connectionString;
    private readonly ConcurrentBag<ReadSession> _idle = [];
    private volatile bool _closed;

    public ReadSessionPool(string connectionString)
    {
        _connectionString = connectionString;
    }

    /// <summary>Runs <paramref name="read"/> inside one read transaction (one snapshot).</summary>
    public T Read<T>(Func<ReadSession, T> read)
    {
        ReadSession session = _idle.TryTake(out ReadSession? idle) ? idle : new ReadSession(_connectionString);
        try
        {
            session.Begin();
            try
            {
                return read(session);
            }
            finally
            {
                session.End();
            }
        }
        finally
        {
            Return(session);
        }
    }

    public void Dispose()
    {
        _closed = true;
        while (_idle.TryTake(out ReadSession? session))
        {
            session.Dispose();
        }
    }

    private void Return(ReadSession session)
    {
        _idle.Add(session);

        // A read that finished after the pool closed must not leave its connection open.
        if (_closed)
        {
            Dispose();
        }
    }
}
