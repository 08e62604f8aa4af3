using System.Globalization;
using System.Text;

namespace Flotilla.Units.Names;

/// <summary>
/// Double-quotes a text for an error message the way Go's <c>%q</c> does for printable ASCII, so
/// messages such as <c>invalid unit type: "bar"</c> read exactly like fleet's. Control characters
/// are escaped so a stray newline cannot break a one-line diagnostic.
/// </summary>
internal static class QuotedText
{
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
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
                    if (char.IsControl(c))
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
