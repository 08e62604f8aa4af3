using System.Globalization;
using System.Text;

namespace Flotilla.Units.Environments;

/// <summary>
/// Splits a unit file value into words the way systemd does for <c>Environment=</c> and
/// <c>UnsetEnvironment=</c> (extract_first_word with unquoting and C unescaping): words are
/// separated by whitespace; <c>"..."</c> and <c>'...'</c> quote anywhere in a word and join with
/// what surrounds them; backslash escapes (<c>\n \t \\ \" \' \s \xHH \NNN \uXXXX</c> ...) work
/// inside and outside quotes, in both kinds of quotes. Escapes that produce bytes (<c>\xHH</c>,
/// <c>\NNN</c>) are collected as UTF-8, so <c>\xc3\xa9</c> is "é".
/// </summary>
internal static class QuotedWords
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Splits <paramref name="value"/>; on failure returns false and a short reason.</summary>
    public static bool TrySplit(string value, out List<string> words, out string? error)
    {
        words = [];
        error = null;
        var bytes = new List<byte>();
        var position = 0;
        while (true)
        {
            while (position < value.Length && IsSeparator(value[position]))
            {
                position++;
            }

            if (position == value.Length)
            {
                return true;
            }

            bytes.Clear();
            char quote = '\0';
            while (position < value.Length)
            {
                var c = value[position];
                if (quote == '\0' && IsSeparator(c))
                {
                    break;
                }

                position++;
                if (c == '\\')
                {
                    error = ReadEscape(value, ref position, bytes);
                    if (error is not null)
                    {
                        return false;
                    }
                }
                else if (quote == '\0' && c is '"' or '\'')
                {
                    quote = c;
                }
                else if (quote != '\0' && c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    AppendChar(value, ref position, c, bytes);
                }
            }

            if (quote != '\0')
            {
                error = "unbalanced quotes";
                return false;
            }

            try
            {
                words.Add(StrictUtf8.GetString(bytes.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                error = "escapes do not form valid UTF-8";
                return false;
            }
        }
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\n' or '\r';

    // Appends c (and its low surrogate when c is a high one) as UTF-8.
    private static void AppendChar(string value, ref int position, char c, List<byte> bytes)
    {
        Span<byte> buffer = stackalloc byte[4];
        if (char.IsHighSurrogate(c) && position < value.Length && char.IsLowSurrogate(value[position]))
        {
            var written = Encoding.UTF8.GetBytes([c, value[position]], buffer);
            position++;
            bytes.AddRange(buffer[..written]);
        }
        else
        {
            var written = Encoding.UTF8.GetBytes([c], buffer);
            bytes.AddRange(buffer[..written]);
        }
    }

    // Reads the escape after a backslash at value[position..]; returns null or the reason it is invalid.
    private static string? ReadEscape(string value, ref int position, List<byte> bytes)
    {
        if (position == value.Length)
        {
            return "trailing backslash";
        }

        var c = value[position++];
        switch (c)
        {
            case 'a': bytes.Add(0x07); return null;
            case 'b': bytes.Add(0x08); return null;
            case 'f': bytes.Add(0x0c); return null;
            case 'n': bytes.Add(0x0a); return null;
            case 'r': bytes.Add(0x0d); return null;
            case 't': bytes.Add(0x09); return null;
            case 'v': bytes.Add(0x0b); return null;
            case 's': bytes.Add(0x20); return null;
            case '\\' or '"' or '\'': bytes.Add((byte)c); return null;
            case 'x':
                return ReadNumber(value, ref position, 2, 16, "\\x", bytes, asCodePoint: false);
            case 'u':
                return ReadNumber(value, ref position, 4, 16, "\\u", bytes, asCodePoint: true);
            case 'U':
                return ReadNumber(value, ref position, 8, 16, "\\U", bytes, asCodePoint: true);
            case >= '0' and <= '7':
                position--;
                return ReadNumber(value, ref position, 3, 8, "\\", bytes, asCodePoint: false);
            default:
                return $"invalid escape \"\\{c}\"";
        }
    }

    private static string? ReadNumber(string value, ref int position, int digits, int radix, string prefix, List<byte> bytes, bool asCodePoint)
    {
        if (position + digits > value.Length)
        {
            return $"invalid escape \"{prefix}{value[position..]}\"";
        }

        var text = value.Substring(position, digits);
        long number = 0;
        foreach (var d in text)
        {
            var digit = radix == 16 && char.IsAsciiHexDigit(d) ? Convert.ToInt32(d.ToString(), 16)
                : radix == 8 && d is >= '0' and <= '7' ? d - '0'
                : -1;
            if (digit < 0)
            {
                return $"invalid escape \"{prefix}{text}\"";
            }

            number = (number * radix) + digit;
        }

        // A NUL cannot be part of an environment string; systemd refuses it too.
        if (number == 0 || (!asCodePoint && number > 0xff) || (asCodePoint && !IsScalar(number)))
        {
            return $"invalid escape \"{prefix}{text}\"";
        }

        position += digits;
        if (asCodePoint)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32((int)number)));
        }
        else
        {
            bytes.Add((byte)number);
        }

        return null;
    }

    private static bool IsScalar(long number) =>
        number is > 0 and <= 0x10ffff and not (>= 0xd800 and <= 0xdfff);
}
