namespace Flotilla.Registry.Transactions;

/// <summary>What a transaction compare looks at (etcd's Compare.target).</summary>
public enum CompareTarget
{
    Value,
    ModRevision,
    CreateRevision,
    Version,
}
