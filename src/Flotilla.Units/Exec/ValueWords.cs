using System.Text;

namespace Flotilla.Units.Exec;

/// <summary>
/// Splits a variable's value for a whole-word <c>$NAME</c>: whitespace separates words, quotes
/// group and are removed, a backslash takes the next character literally. As in systemd the
/// splitting is lenient (no C escapes; an unclosed quote or trailing backslash just ends the word),
/// because the value comes from the environment, not from the unit file.
/// </summary>
internal static class ValueWords
{
    public static void AddTo(List<string> words, string value)
    {
        var word = new StringBuilder();
        var i = 0;
        while (true)
        {
            while (i < value.Length && IsWhitespace(value[i]))
            {
                i++;
            }

            if (i == value.Length)
            {
                return;
            }

            var quote = '\0';
            for (; i < value.Length; i++)
            {
                var c = value[i];
                if (quote == '\0' && IsWhitespace(c))
                {
                    break;
                }

                if (c == '\\')
                {
                    if (++i < value.Length)
                    {
                        word.Append(value[i]);
                    }
                }
                else if (quote == '\0' && c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }

            words.Add(word.ToString());
            word.Clear();
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';
}
