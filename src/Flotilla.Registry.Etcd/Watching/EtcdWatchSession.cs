using Etcdserverpb;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Etcd.Connection;
using Flotilla.Registry.Etcd.Mapping;
using Flotilla.Registry.Watching;
using Google.Protobuf;
using Grpc.Core;

namespace Flotilla.Registry.Etcd.Watching;

/// <summary>
/// One supervised watch: a watch stream on the active member that, when the member dies or loses its
/// leader, is opened again on the next member from the revision after the last one delivered, so the
/// consumer sees every revision exactly once and in order.
/// </summary>
internal sealed class EtcdWatchSession : IDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    private readonly EtcdConnection _connection;
    private readonly ByteString _key;
    private readonly ByteString _rangeEnd;
    private readonly long _requested;
    private long _next;
    private AsyncDuplexStreamingCall<WatchRequest, WatchResponse>? _call;
    private EtcdEndpoint? _endpoint;
    private int _failures;

    public EtcdWatchSession(EtcdConnection connection, string prefix, long fromRevision)
    {
        _connection = connection;
        (_key, _rangeEnd) = EtcdKeys.Prefix(prefix);
        _requested = fromRevision;
        _next = fromRevision;
    }

    /// <summary>The next non-empty revisions, each whole; reconnects as often as needed.</summary>
    /// <param name="caller">The consumer's token: its cancellation ends the watch with <see cref="OperationCanceledException"/>.</param>
    /// <param name="linked">The caller's token linked with the registry's closing.</param>
    public async Task<IReadOnlyList<WatchBatch>> NextAsync(CancellationToken caller, CancellationToken linked)
    {
        while (true)
        {
            try
            {
                AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call = _call ?? await OpenAsync(linked);
                if (!await call.ResponseStream.MoveNext(linked))
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "the watch stream ended"));
                }

                IReadOnlyList<WatchBatch>? batches = Read(call.ResponseStream.Current);
                if (batches is not null)
                {
                    return batches;
                }
            }
            catch (Exception error) when (linked.IsCancellationRequested && error is OperationCanceledException or RpcException)
            {
                throw _connection.Cancelled(error, caller);
            }
            catch (RpcException error) when (EtcdFailure.IsUnavailable(error) || EtcdFailure.IsInvalidToken(error))
            {
                await RecoverAsync(error, caller, linked);
            }
            catch (Exception error) when (EtcdFailure.IsTransportFailure(error))
            {
                if (linked.IsCancellationRequested)
                {
                    throw _connection.Cancelled(error, caller);
                }

                await RecoverAsync(EtcdFailure.AsUnavailable(error), caller, linked);
            }
            catch (RpcException error) when (EtcdFailure.IsCompacted(error))
            {
                throw new RegistryCompactedException(Resuming, await EtcdCompaction.FindAsync(_connection, _key, Resuming, linked));
            }
            catch (RpcException error)
            {
                throw EtcdFailure.ToRegistryException(error, _endpoint?.Url ?? _connection.ActiveEndpoint);
            }
        }
    }

    public void Dispose() => Reset();

    private long Resuming => _next == 0 ? _requested : _next;

    private async Task<AsyncDuplexStreamingCall<WatchRequest, WatchResponse>> OpenAsync(CancellationToken linked)
    {
        EtcdEndpoint endpoint = _connection.Active;
        _endpoint = endpoint;
        Metadata? auth = await _connection.HeadersAsync(endpoint, _connection.NewDeadline(), linked);

        // A member cut off from its leader fails the stream (Unavailable) instead of stalling it silently.
        var headers = new Metadata { { "hasleader", "true" } };
        foreach (Metadata.Entry entry in auth ?? [])
        {
            headers.Add(entry);
        }

        AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call = endpoint.Watch.Watch(headers, cancellationToken: linked);
        _call = call;

        // No fragmenting: etcd then sends each revision's events whole within one response.
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = _key, RangeEnd = _rangeEnd, StartRevision = _next },
        }, linked);
        return call;
    }

    /// <summary>The batches in one response, or null when it carries nothing new (created, progress, replayed).</summary>
    private List<WatchBatch>? Read(WatchResponse response)
    {
        if (response.CompactRevision != 0)
        {
            throw new RegistryCompactedException(Resuming, response.CompactRevision);
        }

        if (response.Canceled)
        {
            throw new RpcException(new Status(
                response.CancelReason.Contains("no leader", StringComparison.Ordinal) ? StatusCode.Unavailable : StatusCode.Unknown,
                $"etcd cancelled the watch: {response.CancelReason}"));
        }

        if (response.Created)
        {
            _failures = 0;
            if (_next == 0)
            {
                // Watching "from now": resuming later must start right after the revision the watch began at.
                _next = response.Header.Revision + 1;
            }
        }

        List<WatchBatch>? batches = null;
        List<WatchEvent>? current = null;
        long revision = 0;
        foreach (Mvccpb.Event item in response.Events)
        {
            long itemRevision = item.Kv.ModRevision;
            if (itemRevision < _next)
            {
                continue; // already delivered before a reconnect
            }

            if (itemRevision != revision)
            {
                Flush();
                revision = itemRevision;
                current = [];
            }

            current!.Add(EtcdConversions.ToWatchEvent(item));
        }

        Flush();
        return batches;

        void Flush()
        {
            if (current is { Count: > 0 })
            {
                (batches ??= []).Add(new WatchBatch(revision, current));
                _next = revision + 1;
            }
        }
    }

    private async Task RecoverAsync(RpcException error, CancellationToken caller, CancellationToken linked)
    {
        if (EtcdFailure.IsInvalidToken(error))
        {
            _endpoint?.ForgetToken();
        }

        if (_endpoint is not null)
        {
            _connection.Failover(_endpoint);
        }

        Reset();
        _failures++;
        if (_failures >= _connection.EndpointCount)
        {
            // Every member failed in turn: back off instead of spinning until one returns.
            double factor = Math.Pow(2, Math.Min(5, _failures / _connection.EndpointCount - 1));
            TimeSpan pause = TimeSpan.FromMilliseconds(Math.Min(LongestPause.TotalMilliseconds, FirstPause.TotalMilliseconds * factor));
            try
            {
                await Task.Delay(pause, _connection.Time, linked);
            }
            catch (OperationCanceledException cancelled)
            {
                throw _connection.Cancelled(cancelled, caller);
            }
        }
    }

    private void Reset()
    {
        _call?.Dispose();
        _call = null;
    }
}
