using Flotilla.Registry.Errors;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Commits plans larger than one transaction (the engine placing thousands of units) as a sequence of
/// transactions that each fit <see cref="RegistryLimits"/>, all guarded by the same compares, so a
/// deposed leader stops at the first batch after losing leadership instead of overwriting newer decisions.
/// </summary>
/// <remarks>
/// The batches are not atomic together: readers may see the first batches before the last. Guards must
/// be about keys the operations do not write (such as the leader's key), or the second batch would fail
/// its own guard.
/// </remarks>
public static class RegistryBatches
{
    /// <summary>
    /// Splits <paramref name="operations"/>, in order, into transactions that each pass
    /// <see cref="RegistryRequestValidator.Transaction"/>. A key written twice goes to a later batch,
    /// because one transaction may write a key only once; order is kept, so the later write wins as it would
    /// have without batching. Everything is validated here, before anything is written.
    /// </summary>
    /// <exception cref="RegistryInvalidRequestException">An operation cannot fit any request (it is named), or the guards alone are too large.</exception>
    public static IReadOnlyList<TransactionRequest> Plan(
        IReadOnlyList<Compare> guards,
        IReadOnlyList<RegistryOperation> operations,
        RegistryLimits limits)
    {
        if (guards.Count > limits.MaxOperationsPerTransaction)
        {
            throw new RegistryInvalidRequestException($"{guards.Count} guards exceed the limit of {limits.MaxOperationsPerTransaction} compares per transaction");
        }

        // A compare is encoded like a put of its key and value, so the validator's estimate for that put is its size.
        long guardBytes = guards.Sum(guard => RegistryRequestValidator.EstimateBytes(RegistryOperation.Put(guard.Key, guard.Value)));
        long budget = limits.MaxRequestBytes - guardBytes;

        // Copied once: every batch shares the same guards, and a caller reusing its list must not change them.
        Compare[] shared = [.. guards];
        var batches = new List<TransactionRequest>();
        var batch = new BatchBuilder();
        foreach (RegistryOperation operation in operations)
        {
            long bytes = RegistryRequestValidator.EstimateBytes(operation);
            if (bytes > budget)
            {
                throw new RegistryInvalidRequestException(
                    $"the {operation.Kind.ToString().ToLowerInvariant()} of key {operation.Key} is about {bytes} bytes; with the guards ({guardBytes} bytes) one request holds at most {limits.MaxRequestBytes} bytes");
            }

            if (batch.Count > 0
                && (batch.Count == limits.MaxOperationsPerTransaction || batch.Bytes + bytes > budget || batch.Conflicts(operation)))
            {
                batches.Add(new TransactionRequest(shared, batch.Take()));
            }

            batch.Add(operation, bytes);
        }

        if (batch.Count > 0)
        {
            batches.Add(new TransactionRequest(shared, batch.Take()));
        }

        // Catches what splitting cannot fix (an empty key, a value over the value limit) before batch 1 is written.
        var validator = new RegistryRequestValidator(limits);
        foreach (TransactionRequest planned in batches)
        {
            validator.Transaction(planned);
        }

        return batches;
    }

    /// <summary>
    /// Plans and commits the batches in order. Returns the revision of the last batch (0 when there were
    /// no operations).
    /// </summary>
    /// <exception cref="RegistryBatchGuardFailedException">A guard failed; says how much was committed before it.</exception>
    public static async Task<long> CommitAsync(
        IRegistry registry,
        IReadOnlyList<Compare> guards,
        IReadOnlyList<RegistryOperation> operations,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<TransactionRequest> batches = Plan(guards, operations, registry.Limits);
        long revision = 0;
        int committedOperations = 0;
        for (int index = 0; index < batches.Count; index++)
        {
            TransactionResult result = await registry.TransactAsync(batches[index], cancellationToken);
            if (!result.Succeeded)
            {
                throw new RegistryBatchGuardFailedException(index, batches.Count, committedOperations, operations.Count);
            }

            committedOperations += batches[index].Success.Count;
            revision = result.Revision;
        }

        return revision;
    }

    /// <summary>The batch being filled, and which keys it already writes (etcd allows one write per key per transaction).</summary>
    private sealed class BatchBuilder
    {
        private readonly HashSet<string> _puts = new(StringComparer.Ordinal);
        private readonly HashSet<string> _deletes = new(StringComparer.Ordinal);
        private readonly List<string> _deletedPrefixes = [];
        private List<RegistryOperation> _operations = [];

        public int Count => _operations.Count;

        public long Bytes { get; private set; }

        public bool Conflicts(RegistryOperation operation) => operation.Kind switch
        {
            OperationKind.Put => _puts.Contains(operation.Key)
                || _deletes.Contains(operation.Key)
                || _deletedPrefixes.Exists(prefix => operation.Key.StartsWith(prefix, StringComparison.Ordinal)),
            OperationKind.Delete => _puts.Contains(operation.Key),
            OperationKind.DeletePrefix => _puts.Any(key => key.StartsWith(operation.Key, StringComparison.Ordinal)),
            _ => false,
        };

        public void Add(RegistryOperation operation, long bytes)
        {
            switch (operation.Kind)
            {
                case OperationKind.Put:
                    _puts.Add(operation.Key);
                    break;
                case OperationKind.Delete:
                    _deletes.Add(operation.Key);
                    break;
                case OperationKind.DeletePrefix:
                    _deletedPrefixes.Add(operation.Key);
                    break;
            }

            _operations.Add(operation);
            Bytes += bytes;
        }

        public List<RegistryOperation> Take()
        {
            List<RegistryOperation> taken = _operations;
            _operations = [];
            _puts.Clear();
            _deletes.Clear();
            _deletedPrefixes.Clear();
            Bytes = 0;
            return taken;
        }
    }
}
