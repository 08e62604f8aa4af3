using System.Text;
using Flotilla.Units.Names;

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

        QuotedText.Append(builder, word);
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
