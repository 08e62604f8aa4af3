using System.Text;

namespace Flotilla.Templates.Confd;

/// <summary>Go's base64.StdEncoding: padded standard alphabet; \r and \n are ignored; errors name the byte.</summary>
internal static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Decodes into a string (invalid UTF-8 becomes U+FFFD, where Go would keep the raw bytes).</summary>
    public static string Decode(string text)
    {
        var input = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(input.Length);
        var quantum = new int[4];
        var count = 0;
        var index = 0;
        var quantumStart = 0;
        while (index < input.Length)
        {
            var c = input[index];
            if (c is (byte)'\r' or (byte)'\n')
            {
                index++;
                continue;
            }
            if (c == '=')
            {
                // Padding: allowed only as the third or fourth character of the last quantum.
                if (count < 2)
                {
                    throw Corrupt(index);
                }
                var position = index;
                index++;
                if (count == 2)
                {
                    while (index < input.Length && input[index] is (byte)'\r' or (byte)'\n')
                    {
                        index++;
                    }
                    if (index >= input.Length)
                    {
                        throw Corrupt(input.Length);
                    }
                    if (input[index] != '=')
                    {
                        throw Corrupt(position);
                    }
                    index++;
                }
                while (index < input.Length && input[index] is (byte)'\r' or (byte)'\n')
                {
                    index++;
                }
                if (index < input.Length)
                {
                    throw Corrupt(index);
                }
                Flush(quantum, count, output);
                return Encoding.UTF8.GetString([.. output]);
            }
            var value = Alphabet.IndexOf((char)c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw Corrupt(index);
            }
            if (count == 0)
            {
                quantumStart = index;
            }
            quantum[count++] = value;
            if (count == 4)
            {
                output.Add((byte)((quantum[0] << 2) | (quantum[1] >> 4)));
                output.Add((byte)((quantum[1] << 4) | (quantum[2] >> 2)));
                output.Add((byte)((quantum[2] << 6) | quantum[3]));
                count = 0;
            }
            index++;
        }
        if (count != 0)
        {
            // An unpadded final quantum is corrupt from its first byte.
            throw Corrupt(quantumStart);
        }
        return Encoding.UTF8.GetString([.. output]);
    }

    private static void Flush(int[] quantum, int count, List<byte> output)
    {
        if (count == 2)
        {
            output.Add((byte)((quantum[0] << 2) | (quantum[1] >> 4)));
        }
        else if (count == 3)
        {
            output.Add((byte)((quantum[0] << 2) | (quantum[1] >> 4)));
            output.Add((byte)((quantum[1] << 4) | (quantum[2] >> 2)));
        }
    }

    private static TemplateFunctionException Corrupt(int index) => new($"illegal base64 data at input byte {index}");
}
