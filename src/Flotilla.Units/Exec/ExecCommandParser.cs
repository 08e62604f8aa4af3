using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;

namespace Flotilla.Units.Exec;

/// <summary>
/// Parses the value of <c>ExecStart=</c>, <c>ExecStop=</c> and the other exec settings into
/// commands, following systemd.service(5), "Command lines".
/// </summary>
/// <remarks>
/// <para>
/// Words are split and unquoted first (see <see cref="ExecLineTokenizer"/>); a lone unquoted
/// <c>;</c> separates commands and <c>\;</c> is a literal <c>;</c> argument. The first word of each
/// command carries its prefixes (<c>- @ : + ! !!</c>, any order, read after unquoting as systemd
/// does), immediately followed by the program.
/// </para>
/// <para>
/// A trailing <c>;</c> is accepted, as in systemd. An empty command elsewhere (<c>; a</c>,
/// <c>a ; ; b</c>, a value of only <c>;</c>) is an error here although systemd skips it silently:
/// a doubled separator is almost surely a typo.
/// </para>
/// <para>
/// An empty value is not handled here: for the callers it resets the list of commands.
/// </para>
/// </remarks>
public static class ExecCommandParser
{
    private const ExecFlags PrivilegeFlags = ExecFlags.FullPrivileges | ExecFlags.NoPrivilegeChange | ExecFlags.AmbientCapabilities;

    /// <summary>Parses <paramref name="value"/>, expanding specifiers in every word when an expander is given.</summary>
    /// <param name="value">The setting's value; must not be empty.</param>
    /// <param name="expandSpecifiers">
    /// Applied to each word after splitting (program included), normally
    /// <see cref="Specifiers.SpecifierExpander.Expand"/>. Its exceptions propagate. Without it the
    /// words keep their <c>%</c> specifiers and a program containing <c>%</c> is checked only by
    /// <see cref="ExecCommand.WithExpandedWords"/>.
    /// </param>
    /// <exception cref="UnitValueException">The value is not a valid command line.</exception>
    public static IReadOnlyList<ExecCommand> Parse(string value, Func<string, string>? expandSpecifiers = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tokens = ExecLineTokenizer.Split(value);
        var commands = new List<ExecCommand>();
        var start = 0;
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i < tokens.Count && !tokens[i].IsSeparator)
            {
                continue;
            }

            if (i == start)
            {
                // Nothing before this separator, or nothing at all; a single trailing ";" is fine.
                var trailingSeparator = i == tokens.Count && i > 0 && commands.Count > 0;
                if (!trailingSeparator)
                {
                    throw new UnitValueException($"empty command in {QuotedText.Quote(value)}");
                }

                break;
            }

            var command = ParseCommand(tokens, start, i);
            commands.Add(expandSpecifiers is null ? command : command.WithExpandedWords(expandSpecifiers));
            start = i + 1;
        }

        return commands;
    }

    private static ExecCommand ParseCommand(List<ExecLineToken> tokens, int start, int end)
    {
        var first = tokens[start].Text;
        var (flags, prefixLength) = ReadPrefixes(first);
        var path = first[prefixLength..];
        if (path.Length == 0 && prefixLength > 0)
        {
            throw new UnitValueException($"missing executable path after prefix {QuotedText.Quote(first)}");
        }

        // Checked again after specifier expansion; before it a "%" may stand for anything.
        if (!path.Contains('%', StringComparison.Ordinal))
        {
            ExecProgramPath.Validate(path);
        }

        var arguments = new List<string>(end - start);
        if (!flags.HasFlag(ExecFlags.ArgumentZeroFromSecondWord))
        {
            arguments.Add(path);
        }
        else if (end - start < 2)
        {
            throw new UnitValueException($"the \"@\" prefix needs a second word to use as argv[0]: {QuotedText.Quote(first)}");
        }

        for (var i = start + 1; i < end; i++)
        {
            arguments.Add(tokens[i].Text);
        }

        return new ExecCommand(flags, path, arguments);
    }

    private static (ExecFlags Flags, int Length) ReadPrefixes(string word)
    {
        var flags = ExecFlags.None;
        var i = 0;
        for (; i < word.Length; i++)
        {
            var flag = word[i] switch
            {
                '-' => ExecFlags.IgnoreFailure,
                '@' => ExecFlags.ArgumentZeroFromSecondWord,
                ':' => ExecFlags.NoEnvironmentExpansion,
                '+' => ExecFlags.FullPrivileges,
                '!' => ExecFlags.NoPrivilegeChange,
                _ => ExecFlags.None,
            };

            if (flag == ExecFlags.None)
            {
                break;
            }

            if (flag == ExecFlags.NoPrivilegeChange && i > 0 && word[i - 1] == '!' && flags == (flags | ExecFlags.NoPrivilegeChange))
            {
                // "!!" is one prefix of its own; a third "!" falls to the check below.
                flags = (flags & ~ExecFlags.NoPrivilegeChange) | ExecFlags.AmbientCapabilities;
                continue;
            }

            if ((flag & PrivilegeFlags) != 0 && (flags & PrivilegeFlags) != 0)
            {
                throw new UnitValueException("at most one of \"+\", \"!\" and \"!!\" may be used");
            }

            if ((flags & flag) != 0)
            {
                throw new UnitValueException($"prefix {QuotedText.Quote(word[i].ToString())} may be used only once");
            }

            flags |= flag;
        }

        return (flags, i);
    }
}
