using System.Text;

namespace Flotilla.Registry.Embedded.Storage;

/// <summary>
/// Keys are stored as UTF-8 blobs so SQLite orders them bytewise, exactly as etcd does; a prefix is
/// the half-open blob range [start, end).
/// </summary>
internal readonly record struct KeyRange(byte[] Start, byte[] End)
{
    // No valid UTF-8 text contains 0xFF, so a single 0xFF byte sorts after every key.
    private static readonly byte[] AfterEveryKey = [0xFF];

    public static KeyRange ForPrefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return new KeyRange([], AfterEveryKey);
        }

        byte[] start = Encoding.UTF8.GetBytes(prefix);
        byte[] end = (byte[])start.Clone();

        // The last byte of valid UTF-8 is never 0xFF, so incrementing it cannot overflow (etcd's prefix end).
        end[^1]++;
        return new KeyRange(start, end);
    }

    public static byte[] Encode(string key) => Encoding.UTF8.GetBytes(key);

    public static string Decode(byte[] key) => Encoding.UTF8.GetString(key);
}
