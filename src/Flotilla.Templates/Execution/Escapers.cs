using System.Globalization;
using System.Text;
using Flotilla.Templates.Formatting;

namespace Flotilla.Templates.Execution;

/// <summary>Go's HTMLEscapeString, JSEscapeString and url.QueryEscape, byte for byte.</summary>
internal static class Escapers
{
    public static string Html(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\0' => "\uFFFD",
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    public static string JavaScript(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var r = rune.Value;
            switch (r)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\'': builder.Append(@"\'"); break;
                case '"': builder.Append("\\\""); break;
                case '<': builder.Append(@"\u003C"); break;
                case '>': builder.Append(@"\u003E"); break;
                case '&': builder.Append(@"\u0026"); break;
                case '=': builder.Append(@"\u003D"); break;
                default:
                    if (r < ' ')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u00{r:X2}");
                    }
                    else if (r < 0x80 || GoQuoting.IsPrintable(r))
                    {
                        builder.Append(rune.ToString());
                    }
                    else
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{r:X4}");
                    }
                    break;
            }
        }
        return builder.ToString();
    }

    public static string QueryEscape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }
        return builder.ToString();
    }
}
