using System.Text;

namespace Flotilla.Units.Exec;

/// <summary>
/// Expands environment variables in a command's arguments at exec time, as systemd does
/// (systemd.service(5), "Command lines"; replace_env_argv).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A whole word <c>$NAME</c> becomes the value split into words (quotes in the value are
/// respected and removed, as documented since systemd 236); an unset or blank value gives no
/// argument at all.</item>
/// <item><c>${NAME}</c>, as or inside a word, becomes the exact value (empty if unset) within that
/// one argument.</item>
/// <item><c>$$</c> becomes <c>$</c>.</item>
/// <item>Anything else stays literal: <c>$NAME</c> inside a larger word (systemd passes it on, which
/// lets <c>sh -c 'echo $HOME'</c> work), <c>$</c> before a non-name, and <c>${</c> without
/// <c>}</c>. systemd drops a whole word such as <c>$</c> or <c>$FOO/bin</c> (it looks up the whole
/// rest as a name); here such a word is kept as written instead.</item>
/// <item>No <c>${NAME:-default}</c> forms: systemd does not use them for exec lines.</item>
/// </list>
/// Every argv entry is expanded, argv[0] included (systemd expands the whole argv; with <c>@</c>
/// argv[0] may be <c>${NAME}</c>). <see cref="ExecCommand.Path"/>, the file executed, never is.
/// Expansion runs on the unquoted words, so a <c>$</c> written inside quotes expands too.
/// </remarks>
public static class ExecArgumentExpander
{
    /// <summary>The argv to execute; <see cref="ExecCommand.Arguments"/> itself under the <c>:</c> prefix.</summary>
    public static IReadOnlyList<string> Expand(ExecCommand command, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        if (command.Flags.HasFlag(ExecFlags.NoEnvironmentExpansion))
        {
            return command.Arguments;
        }

        var result = new List<string>(command.Arguments.Count);
        foreach (var argument in command.Arguments)
        {
            if (argument.Length > 1 && argument[0] == '$' && IsName(argument.AsSpan(1)))
            {
                if (environment.TryGetValue(argument[1..], out var value))
                {
                    ValueWords.AddTo(result, value);
                }

                continue;
            }

            result.Add(ExpandInWord(argument, environment));
        }

        return result;
    }

    private static string ExpandInWord(string word, IReadOnlyDictionary<string, string> environment)
    {
        var dollar = word.IndexOf('$', StringComparison.Ordinal);
        if (dollar < 0)
        {
            return word;
        }

        var builder = new StringBuilder(word.Length);
        var start = 0;
        while (dollar >= 0 && dollar + 1 < word.Length)
        {
            builder.Append(word, start, dollar - start);
            if (word[dollar + 1] == '$')
            {
                builder.Append('$');
                start = dollar + 2;
            }
            else if (word[dollar + 1] == '{' && word.IndexOf('}', dollar + 2) is var close and >= 0)
            {
                // The text between the braces is looked up as is: a name that cannot be set is unset.
                if (environment.TryGetValue(word[(dollar + 2)..close], out var value))
                {
                    builder.Append(value);
                }

                start = close + 1;
            }
            else
            {
                builder.Append('$');
                start = dollar + 1;
            }

            dollar = word.IndexOf('$', start);
        }

        builder.Append(word, start, word.Length - start);
        return builder.ToString();
    }

    private static bool IsName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
