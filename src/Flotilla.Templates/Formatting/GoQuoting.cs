using System.Globalization;
using System.Text;

namespace Flotilla.Templates.Formatting;

/// <summary>Go's strconv quoting and unquoting rules (Quote, QuoteToASCII, QuoteRune, Unquote).</summary>
internal static class GoQuoting
{
    public static string Quote(string value) => QuoteWith(value, '"', asciiOnly: false);

    public static string QuoteToAscii(string value) => QuoteWith(value, '"', asciiOnly: true);

    public static string QuoteRune(int rune, bool asciiOnly = false) =>
        QuoteWith(IsValidRune(rune) ? char.ConvertFromUtf32(rune) : "\uFFFD", '\'', asciiOnly);

    /// <summary>Whether Go's %#q may print the string between back quotes.</summary>
    public static bool CanBackquote(string value)
    {
        foreach (var c in value)
        {
            if (c == '`' || c == '\uFFFD' || (c < ' ' && c != '\t') || c == '\x7f')
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsValidRune(int rune) => rune is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);

    /// <summary>Go's unicode.IsPrint, approximated with .NET's categories.</summary>
    public static bool IsPrintable(int rune)
    {
        if (rune < 0x80)
        {
            return rune is >= 0x20 and < 0x7f;
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(rune);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            UnicodeCategory.SpaceSeparator => rune == 0x20,
            _ => true,
        };
    }

    private static string QuoteWith(string value, char quote, bool asciiOnly)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append(quote);
        foreach (var rune in value.EnumerateRunes())
        {
            var r = rune.Value;
            if (r == quote || r == '\\')
            {
                builder.Append('\\').Append((char)r);
                continue;
            }
            if (asciiOnly ? r < 0x80 && IsPrintable(r) : IsPrintable(r))
            {
                builder.Append(rune.ToString());
                continue;
            }
            switch (r)
            {
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                default:
                    if (r < ' ' || r == 0x7f)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{r:x2}");
                    }
                    else if (r < 0x10000)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{r:x4}");
                    }
                    else
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\U{r:x8}");
                    }
                    break;
            }
        }
        builder.Append(quote);
        return builder.ToString();
    }

    /// <summary>Go's strconv.Unquote for "...", `...` and '...' literals; null when the syntax is invalid.</summary>
    public static string? Unquote(string literal)
    {
        if (literal.Length < 2)
        {
            return null;
        }
        var quote = literal[0];
        if (literal[^1] != quote)
        {
            return null;
        }
        var body = literal[1..^1];
        if (quote == '`')
        {
            return body.Contains('`', StringComparison.Ordinal) ? null : body.Replace("\r", "", StringComparison.Ordinal);
        }
        if (quote != '"' && quote != '\'')
        {
            return null;
        }
        var bytes = new List<byte>(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == quote || c == '\n')
            {
                return null;
            }
            if (c != '\\')
            {
                var runeLength = char.IsHighSurrogate(c) && i + 1 < body.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(body.Substring(i, runeLength)));
                i += runeLength;
                continue;
            }
            if (++i >= body.Length)
            {
                return null;
            }
            var escape = body[i++];
            switch (escape)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"' or '\'':
                    if (escape != quote)
                    {
                        return null;
                    }
                    bytes.Add((byte)escape);
                    break;
                case 'x':
                    if (!TryHex(body, ref i, 2, out var hexByte))
                    {
                        return null;
                    }
                    bytes.Add((byte)hexByte);
                    break;
                case 'u' or 'U':
                    if (!TryHex(body, ref i, escape == 'u' ? 4 : 8, out var code) || !IsValidRune(code))
                    {
                        return null;
                    }
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(code)));
                    break;
                case >= '0' and <= '7':
                    if (i + 2 > body.Length)
                    {
                        return null;
                    }
                    var octal = escape - '0';
                    for (var k = 0; k < 2; k++)
                    {
                        var d = body[i++];
                        if (d is < '0' or > '7')
                        {
                            return null;
                        }
                        octal = (octal * 8) + (d - '0');
                    }
                    if (octal > 255)
                    {
                        return null;
                    }
                    bytes.Add((byte)octal);
                    break;
                default:
                    return null;
            }
        }
        var text = Encoding.UTF8.GetString(bytes.ToArray());
        if (quote == '\'' && text.EnumerateRunes().Count() != 1)
        {
            return null;
        }
        return text;
    }

    private static bool TryHex(string text, ref int index, int digits, out int value)
    {
        value = 0;
        if (index + digits > text.Length)
        {
            return false;
        }
        for (var k = 0; k < digits; k++)
        {
            var digit = HexValue(text[index++]);
            if (digit < 0)
            {
                return false;
            }
            value = (value * 16) + digit;
        }
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
