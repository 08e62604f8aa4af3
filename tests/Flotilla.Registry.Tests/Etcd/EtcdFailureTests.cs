using System.Net.Http;
using Flotilla.Registry.Etcd.Connection;
using Grpc.Core;

namespace Flotilla.Registry.Tests.Etcd;

/// <summary>Raw transport failures of a gRPC stream are read as an unavailable member, so they are retried and never escape the registry.</summary>
public sealed class EtcdFailureTests
{
    public static TheoryData<Exception> TransportFailures() =>
    [
        new HttpProtocolException(0, "The HTTP/2 server didn't respond to a ping request within the configured KeepAlivePingTimeout.", null),
        new IOException("connection reset"),
        new HttpRequestException("an error occurred while sending the request"),
    ];

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public void A_transport_failure_under_a_stream_means_the_member_is_unavailable(Exception failure)
    {
        Assert.True(EtcdFailure.IsTransportFailure(failure));
        RpcException unavailable = EtcdFailure.AsUnavailable(failure);
        Assert.True(EtcdFailure.IsUnavailable(unavailable));
        Assert.Same(failure, unavailable.Status.DebugException);
        Assert.Contains(failure.Message, unavailable.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_failures_are_not_taken_for_transport_failures()
    {
        Assert.False(EtcdFailure.IsTransportFailure(new InvalidOperationException("a bug")));
        Assert.False(EtcdFailure.IsTransportFailure(new RpcException(new Status(StatusCode.InvalidArgument, "bad"))));
    }
}
