using Flotilla.Registry.Embedded.Storage;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Embedded.Writing;

/// <summary>
/// Evaluates the compares against the current state, then applies the chosen branch in operation
/// order; all its writes share one revision. Leases are checked before anything is written.
/// </summary>
internal sealed class TransactionWrite(TransactionRequest request, CancellationToken cancellationToken)
    : WriteRequest<TransactionResult>(cancellationToken)
{
    public override void Apply(WriteSession session)
    {
        bool succeeded = true;
        foreach (Compare compare in request.Compares)
        {
            if (!compare.Holds(session.Read(compare.Key)))
            {
                succeeded = false;
                break;
            }
        }

        IReadOnlyList<RegistryOperation> operations = succeeded ? request.Success : request.FailureOrEmpty;
        foreach (RegistryOperation operation in operations)
        {
            if (operation.Kind == OperationKind.Put && operation.LeaseId != 0)
            {
                session.RequireLease(operation.LeaseId);
            }
        }

        var results = new OperationResult[operations.Count];
        for (int i = 0; i < operations.Count; i++)
        {
            RegistryOperation operation = operations[i];
            results[i] = operation.Kind switch
            {
                OperationKind.Get => new OperationResult(OperationKind.Get, session.Read(operation.Key)),
                OperationKind.Put => Put(session, operation),
                OperationKind.Delete => new OperationResult(OperationKind.Delete, Deleted: session.Delete(operation.Key) ? 1 : 0),
                _ => new OperationResult(OperationKind.DeletePrefix, Deleted: session.DeletePrefix(KeyRange.ForPrefix(operation.Key))),
            };
        }

        Result = new TransactionResult(succeeded, session.RevisionAfterRequest, results);
    }

    private static OperationResult Put(WriteSession session, RegistryOperation operation)
    {
        session.Put(operation.Key, operation.Value.ToArray(), operation.LeaseId);
        return new OperationResult(OperationKind.Put);
    }
}
