using System.Globalization;
using System.Text;

namespace Flotilla.Units.Exec;

/// <summary>Writes one word of an exec line so the parser reads it back unchanged.</summary>
internal static class ExecWordQuoter
{
    public static void Append(StringBuilder builder, string word)
    {
        if (!NeedsQuotes(word))
        {
            builder.Append(word);
            return;
        }

        builder.Append('"');
        foreach (var c in word)
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

        builder.Append('"');
    }

    private static bool NeedsQuotes(string word)
    {
        // An empty word vanishes and a bare ";" separates commands unless quoted.
        if (word.Length == 0 || word == ";")
        {
            return true;
        }

        foreach (var c in word)
        {
            if (c is '"' or '\'' or '\\' or ' ' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }
}
