using Etcdserverpb;
using Grpc.Core;

namespace Flotilla.Registry.Etcd.Connection;

/// <summary>
/// One long-lived LeaseKeepAlive stream to one member, shared by every lease renewed through it: a
/// renewal writes <c>{ID}</c> and waits for the next answer carrying that ID. Opening a stream per
/// renewal costs an HTTP/2 stream and a server goroutine each time, which at thousands of leases
/// saturated both the client and etcd; etcd's own client multiplexes the same way.
/// </summary>
/// <remarks>
/// Once the stream fails it stays failed: every waiter gets the failure (as the unary path's
/// exception types, so failover and retry behave as for any request) and the owner opens a new one.
/// </remarks>
internal sealed class EtcdKeepAliveStream : IDisposable
{
    private readonly AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> _call;
    private readonly CancellationTokenSource _stop = new();

    // Grpc.Net.Client refuses a write while another is still in progress.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<TaskCompletionSource<long>>> _waiting = [];
    private Exception? _failure;
    private bool _disposed;
    private long _answers;

    private EtcdKeepAliveStream(Lease.LeaseClient client, Metadata? headers)
    {
        // No deadline: the stream lives until it fails or is disposed; each renewal has its own deadline.
        _call = client.LeaseKeepAlive(new CallOptions(headers, deadline: null, _stop.Token));
    }

    public bool IsFailed
    {
        get
        {
            lock (_gate)
            {
                return _failure is not null;
            }
        }
    }

    public static EtcdKeepAliveStream Open(Lease.LeaseClient client, Metadata? headers)
    {
        var stream = new EtcdKeepAliveStream(client, headers);
        _ = Task.Run(stream.ReadAsync);
        return stream;
    }

    /// <summary>
    /// Renews one lease: its TTL in seconds, 0 when etcd no longer knows it. Throws
    /// <see cref="RpcException"/> (DeadlineExceeded past <paramref name="deadline"/>, or the stream's
    /// failure) or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires;
    /// neither of the last two disturbs other renewals on the stream.
    /// </summary>
    public async Task<long> RenewAsync(long leaseId, DateTime? deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long answersBefore = Interlocked.Read(ref _answers);
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw Copy(_failure);
            }

            if (!_waiting.TryGetValue(leaseId, out List<TaskCompletionSource<long>>? waiters))
            {
                waiters = [];
                _waiting[leaseId] = waiters;
            }

            waiters.Add(waiter);
        }

        // The write is not cancelled with this caller: a write interrupted half-way would break the
        // stream for everyone. A caller that gives up leaves it to finish (an extra renewal is harmless).
        Task<long> answer = SendThenAwaitAsync(leaseId, waiter.Task);
        bool waited = false;
        try
        {
            TimeSpan left = deadline is { } until ? until - time.GetUtcNow().UtcDateTime : Timeout.InfiniteTimeSpan;
            if (deadline is not null && left <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            waited = true;
            return await answer.WaitAsync(left, time, cancellationToken);
        }
        catch (TimeoutException error)
        {
            if (waited && Interlocked.Read(ref _answers) == answersBefore)
            {
                // Not one answer for anyone during a whole request timeout: the stream is stuck (a
                // write that never completes, a member that stopped reading it). Others waiting on it
                // would only time out too, so it is dropped and the next renewal opens a fresh one.
                Fail(new RpcException(new Status(StatusCode.Unavailable, "the keep-alive stream answered nothing before the deadline", error)));
            }

            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "no keep-alive answer before the deadline", error));
        }
        finally
        {
            if (!answer.IsCompletedSuccessfully)
            {
                // Given up (deadline, cancellation) or failed: no answer may land on a forgotten waiter,
                // and a failure nobody awaits any more must not surface as an unobserved task exception.
                Forget(leaseId, waiter);
                _ = answer.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        Fail(new RpcException(new Status(StatusCode.Cancelled, "the keep-alive stream was closed")));
    }

    private async Task<long> SendThenAwaitAsync(long leaseId, Task<long> waiter)
    {
        await _writing.WaitAsync(CancellationToken.None);
        try
        {
            if (!IsFailed)
            {
                await _call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, _stop.Token);
            }
        }
        catch (Exception error)
        {
            Fail(Normalize(error));
        }
        finally
        {
            _writing.Release();
        }

        return await waiter;
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                LeaseKeepAliveResponse response = _call.ResponseStream.Current;
                Interlocked.Increment(ref _answers);
                Answer(response.ID, response.TTL);
            }

            Fail(new RpcException(new Status(StatusCode.Unavailable, "the keep-alive stream closed without an error")));
        }
        catch (Exception error)
        {
            Fail(Normalize(error));
        }
    }

    private void Answer(long leaseId, long ttl)
    {
        List<TaskCompletionSource<long>>? waiters;
        lock (_gate)
        {
            // Everyone waiting on this lease shares the answer: a renewal just happened either way.
            if (!_waiting.Remove(leaseId, out waiters))
            {
                return;
            }
        }

        foreach (TaskCompletionSource<long> waiter in waiters)
        {
            waiter.TrySetResult(ttl);
        }
    }

    private void Forget(long leaseId, TaskCompletionSource<long> waiter)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(leaseId, out List<TaskCompletionSource<long>>? waiters) && waiters.Remove(waiter) && waiters.Count == 0)
            {
                _waiting.Remove(leaseId);
            }
        }
    }

    private void Fail(Exception failure)
    {
        List<TaskCompletionSource<long>> waiters;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = failure;
            waiters = [.. _waiting.Values.SelectMany(w => w)];
            _waiting.Clear();
        }

        foreach (TaskCompletionSource<long> waiter in waiters)
        {
            waiter.TrySetException(Copy(failure));
        }

        // Cancelling the call resets the HTTP/2 stream, so the member frees its side too.
        _stop.Cancel();
        _call.Dispose();
    }

    /// <summary>
    /// The stream's failure as the exception the unary path throws for the same cause. A shared stream
    /// that ends cancelled, past a deadline or with an unexplained error (server reset, GOAWAY) was
    /// ended by neither the caller nor this client, so it means what a refused call means: this member
    /// cannot serve now, and a fresh stream (on it or the next one) should be tried.
    /// </summary>
    private Exception Normalize(Exception error)
    {
        if (EtcdFailure.IsTransportFailure(error))
        {
            return EtcdFailure.AsUnavailable(error);
        }

        bool ours;
        lock (_gate)
        {
            ours = _disposed;
        }

        return error is RpcException { StatusCode: StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.Unknown or StatusCode.Internal } rpc && !ours
            ? new RpcException(new Status(StatusCode.Unavailable, $"the keep-alive stream ended: {rpc.Status.StatusCode} {rpc.Status.Detail}", rpc))
            : error;
    }

    // Each waiter gets its own instance: one exception object rethrown on several threads would mix their stack traces.
    private static Exception Copy(Exception failure) =>
        failure is RpcException rpc ? new RpcException(rpc.Status, rpc.Trailers, rpc.Message) : failure;
}
