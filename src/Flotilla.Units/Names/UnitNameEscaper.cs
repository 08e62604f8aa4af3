using System.Buffers;
using System.Text;
using Flotilla.Units.Diagnostics;

namespace Flotilla.Units.Names;

/// <summary>
/// systemd's escaping of arbitrary text (and file system paths) into unit name components, as done
/// by <c>systemd-escape</c> and undone by the <c>%P</c>, <c>%I</c>, <c>%J</c> and <c>%f</c> specifiers.
/// </summary>
/// <remarks>
/// <c>/</c> becomes <c>-</c>; ASCII letters and digits, <c>:</c>, <c>_</c> and <c>.</c> stay (except
/// a leading <c>.</c>, which would make a hidden file); everything else, <c>-</c> and <c>\</c>
/// included, becomes <c>\xHH</c> per UTF-8 byte with lowercase hex digits.
/// </remarks>
public static class UnitNameEscaper
{
    private static readonly SearchValues<char> Kept = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_.");

    private static readonly SearchValues<char> Escaped = SearchValues.Create("-\\");

    // Strict, so that an escape sequence producing broken UTF-8 is reported rather than silently
    // turned into U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary><c>systemd-escape TEXT</c>: <c>Hallöchen, Meister</c> becomes <c>Hall\xc3\xb6chen\x2c\x20Meister</c>.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] != '.' && !text.AsSpan().ContainsAnyExcept(Kept))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length * 2);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == '/')
            {
                builder.Append('-');
                i++;
            }
            else if (Kept.Contains(c) && !(c == '.' && i == 0))
            {
                builder.Append(c);
                i++;
            }
            else
            {
                // Unpaired surrogates cannot be encoded; they are escaped as U+FFFD's bytes.
                Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    AppendByte(builder, b);
                }

                i += consumed;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>systemd-escape --path PATH</c>: the path is simplified first (duplicate slashes collapsed,
    /// <c>.</c> components dropped, leading and trailing slashes removed); the root becomes <c>-</c>.
    /// <c>/tmp//waldi/foobar/</c> becomes <c>tmp-waldi-foobar</c>.
    /// </summary>
    /// <exception cref="UnitValueException">The path is empty or has a <c>..</c> component.</exception>
    public static string EscapePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new UnitValueException("path cannot be empty");
        }

        var components = new List<string>();
        foreach (var component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (component == "..")
            {
                // ".." cannot be resolved without the file system, and escaping it would not round-trip.
                throw new UnitValueException($"path {QuotedText.Quote(path)} must not contain \"..\" components");
            }

            if (component != ".")
            {
                components.Add(component);
            }
        }

        return components.Count == 0 ? "-" : Escape(string.Join('/', components));
    }

    /// <summary><c>systemd-escape --unescape TEXT</c>: <c>-</c> becomes <c>/</c> and <c>\xHH</c> a byte; the bytes are read as UTF-8.</summary>
    /// <exception cref="UnitValueException">A <c>\</c> not followed by <c>x</c> and two hex digits, or bytes that are not UTF-8.</exception>
    public static string Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAny(Escaped))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == '-')
            {
                bytes.Add((byte)'/');
                i++;
            }
            else if (c == '\\')
            {
                if (i + 3 >= text.Length
                    || text[i + 1] != 'x'
                    || HexValue(text[i + 2]) < 0
                    || HexValue(text[i + 3]) < 0)
                {
                    throw new UnitValueException($"invalid escape sequence in {QuotedText.Quote(text)}: expected \\xHH");
                }

                bytes.Add((byte)((HexValue(text[i + 2]) << 4) | HexValue(text[i + 3])));
                i += 4;
            }
            else
            {
                Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    bytes.Add(b);
                }

                i += consumed;
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException e)
        {
            throw new UnitValueException($"{QuotedText.Quote(text)} does not unescape to valid UTF-8", e);
        }
    }

    /// <summary>
    /// <c>systemd-escape --path --unescape TEXT</c>: unescapes and prefixes <c>/</c>; <c>-</c> alone is
    /// the root. <c>tmp-waldi-foobar</c> becomes <c>/tmp/waldi/foobar</c>.
    /// </summary>
    /// <exception cref="UnitValueException">
    /// The text is empty, is not validly escaped, or does not give a normalized path (as systemd, it
    /// rejects a leading or trailing <c>-</c>, <c>--</c>, and <c>.</c> or <c>..</c> components).
    /// </exception>
    public static string UnescapePath(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "-")
        {
            return "/";
        }

        if (text.Length == 0)
        {
            throw new UnitValueException("escaped path cannot be empty");
        }

        var path = "/" + Unescape(text);
        if (!IsNormalizedAbsolutePath(path))
        {
            throw new UnitValueException($"{QuotedText.Quote(text)} does not unescape to a normalized path ({QuotedText.Quote(path)})");
        }

        return path;
    }

    private static bool IsNormalizedAbsolutePath(string path)
    {
        // path starts with "/"; every component after it must be non-empty and not "." or "..".
        foreach (var component in path[1..].Split('/'))
        {
            if (component.Length == 0 || component == "." || component == "..")
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendByte(StringBuilder builder, byte b)
    {
        const string hex = "0123456789abcdef";
        builder.Append('\\').Append('x').Append(hex[b >> 4]).Append(hex[b & 0xf]);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
