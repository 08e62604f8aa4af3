using System.Globalization;
using System.Text;

namespace Flotilla.Units.Names;

/// <summary>
/// Double-quotes a text the way Go's <c>%q</c> does for printable ASCII, so messages such as
/// <c>invalid unit type: "bar"</c> read exactly like fleet's. Control characters are escaped so a
/// stray newline cannot break a one-line diagnostic; the escapes are also ones the exec-line parser
/// reads back (C0 as <c>\xHH</c>, C1 as <c>\uHHHH</c>, since a lone byte above 0x7f is not UTF-8).
/// </summary>
internal static class QuotedText
{
    public static string Quote(string text) => Append(new StringBuilder(text.Length + 2), text).ToString();

    public static StringBuilder Append(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) && c < 0x80)
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"');
    }
}
