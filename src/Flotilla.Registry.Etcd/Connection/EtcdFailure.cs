using System.Net.Sockets;
using System.Security.Authentication;
using Flotilla.Registry.Errors;
using Grpc.Core;

namespace Flotilla.Registry.Etcd.Connection;

/// <summary>Reads etcd's gRPC errors: whether another member may help, and which typed registry error they are.</summary>
internal static class EtcdFailure
{
    public const string CompactedMessage = "required revision has been compacted";

    /// <summary>The member is gone or cannot serve (no leader, leader changed, server-side timeout): try another.</summary>
    public static bool IsUnavailable(RpcException error) =>
        error.StatusCode == StatusCode.Unavailable
        || (error.StatusCode == StatusCode.Internal && IsConnectionFailure(error))
        || (error.StatusCode == StatusCode.Unknown && IsConnectionFailure(error));

    /// <summary>
    /// True only when the request certainly never reached a server (the connection was refused, the
    /// host unreachable, or this client refused the member's TLS certificate), so even a write may
    /// safely be sent to another member.
    /// </summary>
    public static bool CertainlyNotSent(RpcException error)
    {
        for (Exception? inner = error.Status.DebugException ?? error.InnerException; inner is not null; inner = inner.InnerException)
        {
            // The client's own TLS handshake failed (e.g. a member whose certificate is not from the
            // configured CA): HttpClient writes no HTTP/2 bytes before the handshake completes, so a
            // write is as safe to move to the next member as after a refused connection. Rejections
            // by the server (no or a foreign client certificate) are not matched: under TLS 1.3 they
            // arrive after the client's handshake and look like any broken connection.
            if (inner is AuthenticationException
                || inner is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            {
                return true;
            }

            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable or SocketError.HostNotFound;
            }
        }

        return false;
    }

    /// <summary>The connection itself broke (reset, refused, closed): gRPC sometimes reports this as Internal or Unknown.</summary>
    public static bool IsConnectionFailure(RpcException error)
    {
        for (Exception? inner = error.Status.DebugException ?? error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException or IOException or HttpRequestException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a streaming call failed in the HTTP/2 transport under it: Grpc.Net.Client surfaces some of
    /// these raw (an <see cref="IOException"/> such as HttpProtocolException "server didn't respond to a
    /// ping" from a stream write) instead of as an <see cref="RpcException"/>.
    /// </summary>
    public static bool IsTransportFailure(Exception error) => error is IOException or HttpRequestException;

    /// <summary>A transport failure (<see cref="IsTransportFailure"/>) as what it means: the member is unavailable.</summary>
    public static RpcException AsUnavailable(Exception error) =>
        new(new Status(StatusCode.Unavailable, $"the connection failed under the stream: {error.Message}", error));

    public static bool IsCompacted(RpcException error) => error.Status.Detail.Contains(CompactedMessage, StringComparison.Ordinal);

    public static bool IsInvalidToken(RpcException error) =>
        error.StatusCode == StatusCode.Unauthenticated && error.Status.Detail.Contains("invalid auth token", StringComparison.Ordinal);

    /// <summary>The typed registry error for an etcd failure that retrying elsewhere will not fix.</summary>
    public static RegistryException ToRegistryException(RpcException error, string endpoint, long leaseId = 0)
    {
        string detail = error.Status.Detail;
        if (detail.Contains("requested lease not found", StringComparison.Ordinal))
        {
            return leaseId != 0 ? new RegistryLeaseNotFoundException(leaseId) : new RegistryLeaseNotFoundException($"lease not found (expired or revoked): {detail}", error);
        }

        if (error.StatusCode == StatusCode.DeadlineExceeded)
        {
            return new RegistryTimeoutException($"etcd at {endpoint} did not answer in time", error);
        }

        if (IsUnavailable(error))
        {
            return new RegistryUnavailableException($"etcd at {endpoint} is unavailable: {detail}", error);
        }

        if (detail.Contains("authentication failed", StringComparison.Ordinal) || detail.Contains("user name is empty", StringComparison.Ordinal))
        {
            // etcd reports a wrong password as InvalidArgument; it is a configuration problem, not a bad request.
            return new RegistryException($"etcd at {endpoint} refused the credentials: {detail}", error);
        }

        return error.StatusCode switch
        {
            // Future revisions, too many operations, too large requests, duplicate keys in a txn,
            // gRPC's own message size limit: all say the request itself is wrong.
            StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.ResourceExhausted or StatusCode.FailedPrecondition
                => new RegistryInvalidRequestException($"etcd rejected the request: {detail}", error),
            StatusCode.Unauthenticated or StatusCode.PermissionDenied
                => new RegistryException($"etcd at {endpoint} refused the credentials: {detail}", error),
            _ => new RegistryException($"etcd at {endpoint} failed: {error.StatusCode} {detail}", error),
        };
    }
}
