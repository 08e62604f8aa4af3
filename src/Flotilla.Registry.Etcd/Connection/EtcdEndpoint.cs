using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace Flotilla.Registry.Etcd.Connection;

/// <summary>One member's client URL: its own channel and generated clients, and (with authentication) its token.</summary>
/// <remarks>
/// etcd's simple auth tokens are only known to the member that issued them, so each endpoint
/// authenticates on its own.
/// </remarks>
internal sealed class EtcdEndpoint : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SemaphoreSlim _authenticating = new(1, 1);
    private volatile Metadata? _authHeaders;

    public EtcdEndpoint(int index, string url, GrpcChannel channel, TimeProvider time)
    {
        Index = index;
        Url = url;
        _channel = channel;
        Kv = new KV.KVClient(channel);
        Watch = new Watch.WatchClient(channel);
        Lease = new Lease.LeaseClient(channel);
        Maintenance = new Maintenance.MaintenanceClient(channel);
        Auth = new Auth.AuthClient(channel);
        KeepAlives = new EtcdKeepAlives(Lease, time);
    }

    public int Index { get; }

    public string Url { get; }

    public KV.KVClient Kv { get; }

    public Watch.WatchClient Watch { get; }

    public Lease.LeaseClient Lease { get; }

    public Maintenance.MaintenanceClient Maintenance { get; }

    public Auth.AuthClient Auth { get; }

    /// <summary>Lease renewals, multiplexed over one keep-alive stream to this member.</summary>
    public EtcdKeepAlives KeepAlives { get; }

    /// <summary>The headers every request carries: null without authentication, else the member's token.</summary>
    public async ValueTask<Metadata?> HeadersAsync(string? username, string? password, DateTime deadline, CancellationToken cancellationToken)
    {
        if (username is null)
        {
            return null;
        }

        Metadata? headers = _authHeaders;
        if (headers is not null)
        {
            return headers;
        }

        await _authenticating.WaitAsync(cancellationToken);
        try
        {
            if (_authHeaders is null)
            {
                AuthenticateResponse response = await Auth.AuthenticateAsync(
                    new AuthenticateRequest { Name = username, Password = password ?? "" },
                    deadline: deadline,
                    cancellationToken: cancellationToken);
                _authHeaders = new Metadata { { "token", response.Token } };
            }

            return _authHeaders;
        }
        finally
        {
            _authenticating.Release();
        }
    }

    /// <summary>Forgets the token (expired or the member restarted); the next request authenticates again.</summary>
    public void ForgetToken() => _authHeaders = null;

    public void Dispose()
    {
        KeepAlives.Dispose();
        _channel.Dispose();
        _authenticating.Dispose();
    }
}
