namespace Flotilla.Registry.Transactions;

/// <summary>
/// Whether the compares held, the store's revision after the transaction (unchanged when the applied
/// branch wrote nothing), and one result per operation of the branch that was applied.
/// </summary>
public sealed record TransactionResult(bool Succeeded, long Revision, IReadOnlyList<OperationResult> Results);
