namespace Flotilla.Registry;

/// <summary>
/// Size limits every store enforces before sending or applying a request, so that the embedded store
/// rejects exactly what etcd would (etcd's defaults: 128 operations per transaction, 1.5 MiB per request).
/// </summary>
public sealed record RegistryLimits
{
    /// <summary>etcd's defaults, used by both stores.</summary>
    public static RegistryLimits Default { get; } = new();

    /// <summary>The longest key, in UTF-8 bytes.</summary>
    public int MaxKeyBytes { get; init; } = 4 * 1024;

    /// <summary>The largest value, in bytes (leaves room for the key and framing within one request).</summary>
    public int MaxValueBytes { get; init; } = 1024 * 1024;

    /// <summary>The most operations in one branch of a transaction (etcd's --max-txn-ops).</summary>
    public int MaxOperationsPerTransaction { get; init; } = 128;

    /// <summary>The largest request, in bytes (etcd's --max-request-bytes).</summary>
    public int MaxRequestBytes { get; init; } = 1536 * 1024;
}
