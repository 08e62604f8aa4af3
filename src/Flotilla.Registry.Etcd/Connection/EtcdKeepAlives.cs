using Etcdserverpb;
using Grpc.Core;

namespace Flotilla.Registry.Etcd.Connection;

/// <summary>
/// The lease renewals sent to one member: all over one <see cref="EtcdKeepAliveStream"/>, replaced by
/// a fresh one on the first renewal after it failed.
/// </summary>
internal sealed class EtcdKeepAlives : IDisposable
{
    private readonly Lease.LeaseClient _client;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private EtcdKeepAliveStream? _stream;
    private bool _disposed;

    public EtcdKeepAlives(Lease.LeaseClient client, TimeProvider time)
    {
        _client = client;
        _time = time;
    }

    /// <summary>Renews one lease with the deadline, token and headers of <paramref name="options"/>: its TTL in seconds, 0 when not found.</summary>
    public Task<long> RenewAsync(long leaseId, CallOptions options)
    {
        EtcdKeepAliveStream stream;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stream is null || _stream.IsFailed)
            {
                // The headers of the renewal that opens the stream authenticate it for its whole life.
                _stream?.Dispose();
                _stream = EtcdKeepAliveStream.Open(_client, options.Headers);
            }

            stream = _stream;
        }

        return stream.RenewAsync(leaseId, options.Deadline, _time, options.CancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stream?.Dispose();
            _stream = null;
        }
    }
}
