namespace Flotilla.Registry.Transactions;

/// <summary>One operation inside a transaction branch.</summary>
public sealed record RegistryOperation
{
    private RegistryOperation(OperationKind kind, string key, ReadOnlyMemory<byte> value, long leaseId)
    {
        Kind = kind;
        Key = key;
        Value = value;
        LeaseId = leaseId;
    }

    public OperationKind Kind { get; }

    /// <summary>The key, or the prefix for <see cref="OperationKind.DeletePrefix"/>.</summary>
    public string Key { get; }

    public ReadOnlyMemory<byte> Value { get; }

    public long LeaseId { get; }

    public static RegistryOperation Get(string key) => new(OperationKind.Get, key, default, 0);

    public static RegistryOperation Put(string key, ReadOnlyMemory<byte> value, long leaseId = 0) =>
        new(OperationKind.Put, key, value, leaseId);

    public static RegistryOperation Delete(string key) => new(OperationKind.Delete, key, default, 0);

    public static RegistryOperation DeletePrefix(string prefix) => new(OperationKind.DeletePrefix, prefix, default, 0);
}
