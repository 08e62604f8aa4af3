using System.Text;
using Google.Protobuf;

namespace Flotilla.Registry.Etcd.Mapping;

/// <summary>etcd's byte-range encoding of keys and prefixes.</summary>
internal static class EtcdKeys
{
    /// <summary>"\0": as a key, the smallest key; as a range end, "to the end of the key space".</summary>
    public static readonly ByteString Zero = ByteString.CopyFrom(0);

    public static ByteString Key(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The [key, end) range of every key under <paramref name="prefix"/>; "" = all keys.</summary>
    public static (ByteString Key, ByteString End) Prefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return (Zero, Zero);
        }

        byte[] start = Encoding.UTF8.GetBytes(prefix);
        return (UnsafeByteOperations.UnsafeWrap(start), PrefixEnd(start));
    }

    /// <summary>The prefix with its last byte below 0xff incremented and the rest cut off (etcd's clientv3.GetPrefixRangeEnd).</summary>
    public static ByteString PrefixEnd(byte[] prefix)
    {
        for (int i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] < 0xff)
            {
                byte[] end = prefix[..(i + 1)];
                end[i]++;
                return UnsafeByteOperations.UnsafeWrap(end);
            }
        }

        return Zero;
    }

    /// <summary>The smallest key after <paramref name="key"/>, where the next page of a range starts.</summary>
    public static ByteString After(ByteString key)
    {
        byte[] next = new byte[key.Length + 1];
        key.Span.CopyTo(next);
        return UnsafeByteOperations.UnsafeWrap(next);
    }
}
