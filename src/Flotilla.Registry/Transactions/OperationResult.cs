using Flotilla.Registry.Data;

namespace Flotilla.Registry.Transactions;

/// <summary>The outcome of one operation: the key read by a Get, or the number of keys a delete removed.</summary>
public sealed record OperationResult(OperationKind Kind, KeyValue? Item = null, long Deleted = 0);
