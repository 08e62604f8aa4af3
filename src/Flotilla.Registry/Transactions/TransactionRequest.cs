namespace Flotilla.Registry.Transactions;

/// <summary>
/// If every compare holds, <see cref="Success"/> is applied, otherwise <see cref="Failure"/>. A key may
/// be written at most once per branch (etcd rejects duplicate keys in one transaction, and so do we).
/// </summary>
public sealed record TransactionRequest(
    IReadOnlyList<Compare> Compares,
    IReadOnlyList<RegistryOperation> Success,
    IReadOnlyList<RegistryOperation>? Failure = null)
{
    public IReadOnlyList<RegistryOperation> FailureOrEmpty => Failure ?? [];
}
