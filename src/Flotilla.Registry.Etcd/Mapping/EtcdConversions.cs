using Etcdserverpb;
using Flotilla.Registry.Data;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Google.Protobuf;
using EtcdCompare = Etcdserverpb.Compare;
using RegistryCompare = Flotilla.Registry.Transactions.Compare;

namespace Flotilla.Registry.Etcd.Mapping;

/// <summary>Registry types to etcd's protobuf messages and back.</summary>
internal static class EtcdConversions
{
    // Results are immutable and a put's carries nothing: one instance serves every put of every txn.
    private static readonly OperationResult PutResult = new(OperationKind.Put);

    public static KeyValue ToKeyValue(Mvccpb.KeyValue item) =>
        new(item.Key.ToStringUtf8(), item.Value.Memory, item.CreateRevision, item.ModRevision, item.Version, item.Lease);

    // The caller's buffer is wrapped, not copied: it is only read while the request is serialized.
    public static ByteString Bytes(ReadOnlyMemory<byte> value) => UnsafeByteOperations.UnsafeWrap(value);

    public static EtcdCompare ToEtcd(RegistryCompare compare)
    {
        var result = new EtcdCompare
        {
            Key = EtcdKeys.Key(compare.Key),
            Result = compare.Operator switch
            {
                CompareOperator.Equal => EtcdCompare.Types.CompareResult.Equal,
                CompareOperator.NotEqual => EtcdCompare.Types.CompareResult.NotEqual,
                CompareOperator.Less => EtcdCompare.Types.CompareResult.Less,
                _ => EtcdCompare.Types.CompareResult.Greater,
            },
        };
        switch (compare.Target)
        {
            case CompareTarget.Value:
                result.Target = EtcdCompare.Types.CompareTarget.Value;
                result.Value = Bytes(compare.Value);
                break;
            case CompareTarget.ModRevision:
                result.Target = EtcdCompare.Types.CompareTarget.Mod;
                result.ModRevision = compare.Number;
                break;
            case CompareTarget.CreateRevision:
                result.Target = EtcdCompare.Types.CompareTarget.Create;
                result.CreateRevision = compare.Number;
                break;
            default:
                result.Target = EtcdCompare.Types.CompareTarget.Version;
                result.Version = compare.Number;
                break;
        }

        return result;
    }

    public static RequestOp ToEtcd(RegistryOperation operation) => operation.Kind switch
    {
        OperationKind.Get => new RequestOp { RequestRange = new RangeRequest { Key = EtcdKeys.Key(operation.Key) } },
        OperationKind.Put => new RequestOp
        {
            RequestPut = new PutRequest { Key = EtcdKeys.Key(operation.Key), Value = Bytes(operation.Value), Lease = operation.LeaseId },
        },
        OperationKind.Delete => new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = EtcdKeys.Key(operation.Key) } },
        _ => DeletePrefix(operation.Key),
    };

    public static TxnRequest ToEtcd(TransactionRequest request)
    {
        var txn = new TxnRequest();
        foreach (RegistryCompare compare in request.Compares)
        {
            txn.Compare.Add(ToEtcd(compare));
        }

        foreach (RegistryOperation operation in request.Success)
        {
            txn.Success.Add(ToEtcd(operation));
        }

        foreach (RegistryOperation operation in request.FailureOrEmpty)
        {
            txn.Failure.Add(ToEtcd(operation));
        }

        return txn;
    }

    public static TransactionResult ToResult(TransactionRequest request, TxnResponse response)
    {
        IReadOnlyList<RegistryOperation> applied = response.Succeeded ? request.Success : request.FailureOrEmpty;
        var results = new OperationResult[applied.Count];
        for (int i = 0; i < results.Length; i++)
        {
            ResponseOp op = response.Responses[i];
            results[i] = applied[i].Kind switch
            {
                OperationKind.Get => new OperationResult(OperationKind.Get, op.ResponseRange.Kvs.Count > 0 ? ToKeyValue(op.ResponseRange.Kvs[0]) : null),
                OperationKind.Put => PutResult,
                OperationKind kind => new OperationResult(kind, Deleted: op.ResponseDeleteRange.Deleted),
            };
        }

        return new TransactionResult(response.Succeeded, response.Header.Revision, results);
    }

    public static WatchEvent ToWatchEvent(Mvccpb.Event item) =>
        new(item.Type == Mvccpb.Event.Types.EventType.Delete ? WatchEventKind.Delete : WatchEventKind.Put, ToKeyValue(item.Kv));

    private static RequestOp DeletePrefix(string prefix)
    {
        (ByteString key, ByteString end) = EtcdKeys.Prefix(prefix);
        return new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = key, RangeEnd = end } };
    }
}
