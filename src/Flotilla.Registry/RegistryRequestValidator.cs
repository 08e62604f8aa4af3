using System.Text;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry;

/// <summary>
/// Checks requests against <see cref="RegistryLimits"/> before any store sees them, so both stores
/// reject the same requests with the same messages and a rejected request changes nothing.
/// </summary>
public sealed class RegistryRequestValidator
{
    // Framing overhead per operation in etcd's protobuf encoding, rounded up, so the byte estimate
    // never under-counts what etcd would receive.
    private const int OverheadPerItem = 32;

    public RegistryRequestValidator(RegistryLimits limits)
    {
        Limits = limits;
    }

    public RegistryLimits Limits { get; }

    public void Key(string key, string what = "key")
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new RegistryInvalidRequestException($"{what} must not be empty");
        }

        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            throw new RegistryInvalidRequestException($"{what} {Shorten(key)} is not valid Unicode text");
        }

        if (bytes > Limits.MaxKeyBytes)
        {
            throw new RegistryInvalidRequestException($"{what} {Shorten(key)} is {bytes} bytes long; the limit is {Limits.MaxKeyBytes}");
        }
    }

    /// <summary>A range prefix may be empty (all keys) but must otherwise be a valid key.</summary>
    public void RangePrefix(string prefix)
    {
        if (prefix.Length > 0)
        {
            Key(prefix, "prefix");
        }
    }

    public void Value(string key, ReadOnlyMemory<byte> value)
    {
        if (value.Length > Limits.MaxValueBytes)
        {
            throw new RegistryInvalidRequestException($"value of {Shorten(key)} is {value.Length} bytes; the limit is {Limits.MaxValueBytes}");
        }
    }

    public void Put(string key, ReadOnlyMemory<byte> value)
    {
        Key(key);
        Value(key, value);
    }

    public void Revision(long revision)
    {
        if (revision < 0)
        {
            throw new RegistryInvalidRequestException($"revision {revision} is negative");
        }
    }

    public void LeaseTtl(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero || ttl > TimeSpan.FromSeconds(9_000_000_000))
        {
            throw new RegistryInvalidRequestException($"lease TTL {ttl} must be positive and at most 9,000,000,000 seconds");
        }
    }

    public void Transaction(TransactionRequest request)
    {
        Branch(request.Compares.Count, "compares");
        Branch(request.Success.Count, "operations in the success branch");
        Branch(request.FailureOrEmpty.Count, "operations in the failure branch");

        long bytes = 0;
        foreach (Compare compare in request.Compares)
        {
            Key(compare.Key);
            bytes += KeyBytes(compare.Key) + compare.Value.Length + OverheadPerItem;
        }

        bytes += Operations(request.Success);
        bytes += Operations(request.FailureOrEmpty);
        if (bytes > Limits.MaxRequestBytes)
        {
            throw new RegistryInvalidRequestException($"transaction is about {bytes} bytes; the limit is {Limits.MaxRequestBytes}");
        }
    }

    /// <summary>The estimated encoded size of one operation, used by batching code to fill requests.</summary>
    public static long EstimateBytes(RegistryOperation operation) =>
        KeyBytes(operation.Key) + operation.Value.Length + OverheadPerItem;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static int KeyBytes(string key) => Encoding.UTF8.GetByteCount(key);

    private long Operations(IReadOnlyList<RegistryOperation> operations)
    {
        long bytes = 0;
        var puts = new HashSet<string>(StringComparer.Ordinal);
        var deletes = new HashSet<string>(StringComparer.Ordinal);
        var deletedPrefixes = new List<string>();
        foreach (RegistryOperation operation in operations)
        {
            switch (operation.Kind)
            {
                case OperationKind.Put:
                    Put(operation.Key, operation.Value);
                    if (!puts.Add(operation.Key))
                    {
                        throw Duplicate(operation.Key);
                    }

                    break;
                case OperationKind.Delete:
                    Key(operation.Key);
                    deletes.Add(operation.Key);
                    break;
                case OperationKind.DeletePrefix:
                    Key(operation.Key, "prefix");
                    deletedPrefixes.Add(operation.Key);
                    break;
                default:
                    Key(operation.Key);
                    break;
            }

            bytes += EstimateBytes(operation);
        }

        // As etcd: a key may be put once per branch, and not also deleted (by key or prefix) in it;
        // several deletes of the same key are harmless.
        foreach (string key in puts)
        {
            if (deletes.Contains(key) || deletedPrefixes.Exists(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                throw Duplicate(key);
            }
        }

        return bytes;
    }

    private static RegistryInvalidRequestException Duplicate(string key) =>
        new($"key {Shorten(key)} is written more than once in one transaction");

    private void Branch(int count, string what)
    {
        if (count > Limits.MaxOperationsPerTransaction)
        {
            throw new RegistryInvalidRequestException($"transaction has {count} {what}; the limit is {Limits.MaxOperationsPerTransaction} (use RegistryBatches for larger plans)");
        }
    }

    private static string Shorten(string key) => key.Length <= 80 ? $"'{key}'" : $"'{key[..77]}...'";
}
