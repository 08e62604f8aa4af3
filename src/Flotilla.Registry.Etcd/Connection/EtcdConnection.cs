using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Flotilla.Registry.Errors;
using Grpc.Core;
using Grpc.Net.Client;

namespace Flotilla.Registry.Etcd.Connection;

/// <summary>
/// The endpoints of one cluster and which of them requests go to. Requests stay on the active member
/// until it fails as unavailable, then move to the next one (round robin), so every client converges
/// on a live member without a separate health checker.
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly EtcdEndpoint[] _endpoints;
    private readonly EtcdRegistryOptions _options;
    private readonly CancellationTokenSource _closing = new();
    private int _active;
    private int _disposed;

    public EtcdConnection(EtcdRegistryOptions options)
    {
        if (options.Endpoints.Count == 0)
        {
            throw new ArgumentException("at least one etcd endpoint is required", nameof(options));
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the request timeout {options.RequestTimeout} must be positive", nameof(options));
        }

        _options = options;
        EtcdTls tls = EtcdTls.Load(options);
        _endpoints = [.. options.Endpoints.Select((url, index) => new EtcdEndpoint(index, url, CreateChannel(url, tls, options.RequestTimeout), options.TimeProvider))];
    }

    public string ActiveEndpoint => Active.Url;

    public EtcdEndpoint Active => _endpoints[Volatile.Read(ref _active)];

    public int EndpointCount => _endpoints.Length;

    public TimeProvider Time => _options.TimeProvider;

    public CancellationToken Closing => _closing.Token;

    public bool IsClosed => Volatile.Read(ref _disposed) != 0;

    public void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new RegistryClosedException("the etcd registry has been closed");
        }
    }

    /// <summary>Moves requests off a member that failed, unless another request already did.</summary>
    public void Failover(EtcdEndpoint failed) =>
        Interlocked.CompareExchange(ref _active, (failed.Index + 1) % _endpoints.Length, failed.Index);

    public DateTime NewDeadline() => _options.TimeProvider.GetUtcNow().UtcDateTime + _options.RequestTimeout;

    public ValueTask<Metadata?> HeadersAsync(EtcdEndpoint endpoint, DateTime deadline, CancellationToken cancellationToken) =>
        endpoint.HeadersAsync(_options.Username, _options.Password, deadline, cancellationToken);

    /// <summary>
    /// Runs one unary request against the active member. Unavailable members are skipped; the request
    /// is sent again to the next one when <paramref name="idempotent"/> (reads, keep-alives, lease
    /// lookups) or when it certainly never reached a server. A write that may have reached a member is
    /// not repeated: a retried put or txn could apply twice, so the caller gets
    /// <see cref="RegistryUnavailableException"/> and decides.
    /// </summary>
    public async Task<T> InvokeAsync<T>(Func<EtcdEndpoint, CallOptions, Task<T>> call, bool idempotent, CancellationToken cancellationToken, long leaseId = 0)
    {
        ThrowIfClosed();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        DateTime deadline = NewDeadline();
        int failures = 0;
        bool reauthenticated = false;
        while (true)
        {
            EtcdEndpoint endpoint = Active;
            bool sent = false;
            try
            {
                Metadata? headers = await HeadersAsync(endpoint, deadline, linked.Token);
                sent = true;
                return await call(endpoint, new CallOptions(headers, deadline, linked.Token));
            }
            catch (Exception error) when (linked.IsCancellationRequested && error is OperationCanceledException or RpcException)
            {
                throw Cancelled(error, cancellationToken);
            }
            catch (ObjectDisposedException error) when (IsClosed)
            {
                // DisposeAsync raced with this request and disposed the channel under it.
                throw new RegistryClosedException("the etcd registry was closed during the request", error);
            }
            catch (RpcException error) when (EtcdFailure.IsInvalidToken(error) && !reauthenticated)
            {
                // The member restarted or the token expired; the request was refused before it ran.
                endpoint.ForgetToken();
                reauthenticated = true;
            }
            catch (RpcException error) when (EtcdFailure.IsUnavailable(error))
            {
                Failover(endpoint);
                failures++;
                bool mayRetry = idempotent || !sent || EtcdFailure.CertainlyNotSent(error);
                if (!mayRetry || Time.GetUtcNow().UtcDateTime >= deadline)
                {
                    throw new RegistryUnavailableException($"etcd at {endpoint.Url} is unavailable: {error.Status.Detail}", error);
                }

                if (failures % _endpoints.Length == 0)
                {
                    await PauseAsync(deadline, cancellationToken, linked.Token);
                }
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.DeadlineExceeded && failures > 0)
            {
                // The time ran out while looking for a live member: the cluster is unreachable, not slow.
                Failover(endpoint);
                throw new RegistryUnavailableException($"no etcd member answered within {_options.RequestTimeout.TotalSeconds:0.###} s (last tried {endpoint.Url})", error);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.DeadlineExceeded)
            {
                // The member may be partitioned; the next request starts on another one.
                Failover(endpoint);
                throw new RegistryTimeoutException($"etcd did not answer within {_options.RequestTimeout.TotalSeconds:0.###} s (last tried {endpoint.Url})", error);
            }
            catch (RpcException error)
            {
                throw EtcdFailure.ToRegistryException(error, endpoint.Url, leaseId);
            }
        }
    }

    /// <summary>The exception for a request that ended because the caller cancelled or the registry closed.</summary>
    public Exception Cancelled(Exception error, CancellationToken caller) =>
        caller.IsCancellationRequested
            ? new OperationCanceledException("the registry request was cancelled", error, caller)
            : new RegistryClosedException("the etcd registry was closed during the request", error);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closing.Cancel();
        foreach (EtcdEndpoint endpoint in _endpoints)
        {
            endpoint.Dispose();
        }

        _closing.Dispose();
    }

    private async Task PauseAsync(DateTime deadline, CancellationToken caller, CancellationToken linked)
    {
        TimeSpan left = deadline - Time.GetUtcNow().UtcDateTime;
        try
        {
            await Task.Delay(left < RetryPause ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : RetryPause, Time, linked);
        }
        catch (OperationCanceledException error)
        {
            throw Cancelled(error, caller);
        }
    }

    private static GrpcChannel CreateChannel(string url, EtcdTls tls, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            EnableMultipleHttp2Connections = true,
            // Detects a member that vanished without closing its connections (power loss, partition).
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            handler.SslOptions = tls.ClientOptions();
        }

        return GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // Ranges are paged, but one page of large values can exceed gRPC's 4 MiB default.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
    }
}
