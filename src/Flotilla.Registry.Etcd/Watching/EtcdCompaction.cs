using Etcdserverpb;
using Flotilla.Registry.Etcd.Connection;
using Google.Protobuf;
using Grpc.Core;

namespace Flotilla.Registry.Etcd.Watching;

/// <summary>
/// Finds the revision history now starts at. etcd's "required revision has been compacted" error on a
/// read does not say it; a watch from revision 1 on a single key does (its CompactRevision).
/// </summary>
internal static class EtcdCompaction
{
    public static async Task<long> FindAsync(EtcdConnection connection, ByteString key, long requested, CancellationToken cancellationToken)
    {
        EtcdEndpoint endpoint = connection.Active;
        DateTime deadline = connection.NewDeadline();
        try
        {
            Metadata? headers = await connection.HeadersAsync(endpoint, deadline, cancellationToken);
            using var call = endpoint.Watch.Watch(headers, deadline, cancellationToken);
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest { Key = key.IsEmpty ? Mapping.EtcdKeys.Zero : key, StartRevision = 1 },
            }, cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                WatchResponse response = call.ResponseStream.Current;
                if (response.CompactRevision != 0)
                {
                    return response.CompactRevision;
                }

                if (response.Events.Count > 0 || response.Canceled)
                {
                    break;
                }
            }
        }
        catch (RpcException)
        {
            // Best effort: the compacted error itself is what matters to the caller.
        }

        return requested;
    }
}
