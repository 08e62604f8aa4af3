using System.Text;
using Flotilla.Units.Names;

namespace Flotilla.Units.Environments;

/// <summary>
/// Reads an <c>EnvironmentFile=</c> the way systemd's env file reader does:
/// <list type="bullet">
/// <item><c>KEY=VALUE</c> lines; whitespace before the key, around <c>=</c> and at the end of an
/// unquoted value is dropped; an optional <c>export </c> before the key is skipped.</item>
/// <item>Lines whose first non-blank character is <c>#</c> or <c>;</c> are comments; blank lines are skipped.
/// A <c>#</c> later in a value is part of the value (<c>A=x # y</c> is <c>x # y</c>).</item>
/// <item>Unquoted values: a backslash keeps the next character literally, and backslash-newline
/// joins the next line. Quote characters inside an unquoted value are literal.</item>
/// <item><c>'...'</c> is literal; <c>"..."</c> unescapes <c>\" \\ \$ \`</c>, drops backslash-newline and
/// keeps any other backslash. Both may span lines, and consecutive quoted pieces join
/// (<c>A="x" 'y'</c> is <c>xy</c>), as in systemd.</item>
/// <item>CRLF and lone CR read as LF.</item>
/// </list>
/// systemd skips a line without <c>=</c> or with a bad name (with a log message at best) and
/// takes an unterminated quote up to the end of the file. We refuse all three with
/// <see cref="EnvironmentFileException"/> so the mistake is seen instead of a variable missing.
/// </summary>
public static class EnvironmentFileParser
{
    private const string ExportPrefix = "export";

    private enum State
    {
        BeforeKey,
        Key,
        BeforeValue,
        Value,
        ValueEscape,
        SingleQuoted,
        DoubleQuoted,
        DoubleQuotedEscape,
        Comment,
    }

    /// <summary>Parses <paramref name="content"/> into assignments in file order (duplicates kept; later wins when applied).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var assignments = new List<KeyValuePair<string, string>>();
        var key = new StringBuilder();
        var value = new StringBuilder();
        var state = State.BeforeKey;
        string name = "";
        var line = 1;
        var entryLine = 1;
        var entryStart = 0;

        // Length of the value without trailing unescaped whitespace.
        var valueKeep = 0;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (state)
            {
                case State.BeforeKey:
                    if (c is '#' or ';')
                    {
                        state = State.Comment;
                    }
                    else if (!char.IsWhiteSpace(c))
                    {
                        state = State.Key;
                        entryLine = line;
                        entryStart = i;
                        key.Clear().Append(c);
                    }

                    break;

                case State.Key:
                    if (c == '\n')
                    {
                        throw Invalid(text, entryStart, entryLine);
                    }

                    if (c == '=')
                    {
                        name = ReadName(key, text, entryStart, entryLine);
                        value.Clear();
                        valueKeep = 0;
                        state = State.BeforeValue;
                    }
                    else
                    {
                        key.Append(c);
                    }

                    break;

                case State.BeforeValue:
                    if (c == '\n')
                    {
                        Add(assignments, name, value, value.Length);
                        state = State.BeforeKey;
                    }
                    else if (c == '\'')
                    {
                        state = State.SingleQuoted;
                    }
                    else if (c == '"')
                    {
                        state = State.DoubleQuoted;
                    }
                    else if (c == '\\')
                    {
                        state = State.ValueEscape;
                    }
                    else if (!char.IsWhiteSpace(c))
                    {
                        value.Append(c);
                        valueKeep = value.Length;
                        state = State.Value;
                    }

                    break;

                case State.Value:
                    if (c == '\n')
                    {
                        Add(assignments, name, value, valueKeep);
                        state = State.BeforeKey;
                    }
                    else if (c == '\\')
                    {
                        state = State.ValueEscape;
                    }
                    else
                    {
                        value.Append(c);
                        if (!char.IsWhiteSpace(c))
                        {
                            valueKeep = value.Length;
                        }
                    }

                    break;

                case State.ValueEscape:
                    // An escaped newline joins the next line; any other escaped character is kept,
                    // including whitespace, which then is not trimmed.
                    if (c != '\n')
                    {
                        value.Append(c);
                        valueKeep = value.Length;
                    }

                    state = State.Value;
                    break;

                case State.SingleQuoted:
                    if (c == '\'')
                    {
                        valueKeep = value.Length;
                        state = State.BeforeValue;
                    }
                    else
                    {
                        value.Append(c);
                    }

                    break;

                case State.DoubleQuoted:
                    if (c == '"')
                    {
                        valueKeep = value.Length;
                        state = State.BeforeValue;
                    }
                    else if (c == '\\')
                    {
                        state = State.DoubleQuotedEscape;
                    }
                    else
                    {
                        value.Append(c);
                    }

                    break;

                case State.DoubleQuotedEscape:
                    if (c is '"' or '\\' or '$' or '`')
                    {
                        value.Append(c);
                    }
                    else if (c != '\n')
                    {
                        // Like a shell: a backslash before anything else stays.
                        value.Append('\\').Append(c);
                    }

                    state = State.DoubleQuoted;
                    break;

                case State.Comment:
                    if (c == '\n')
                    {
                        state = State.BeforeKey;
                    }

                    break;
            }

            if (c == '\n')
            {
                line++;
            }
        }

        switch (state)
        {
            case State.Key:
                throw Invalid(text, entryStart, entryLine);
            case State.BeforeValue:
                Add(assignments, name, value, value.Length);
                break;
            case State.Value or State.ValueEscape:
                Add(assignments, name, value, valueKeep);
                break;
            case State.SingleQuoted or State.DoubleQuoted or State.DoubleQuotedEscape:
                throw new EnvironmentFileException(entryLine, $"invalid assignment {QuotedText.Quote(LineAt(text, entryStart))}: missing closing quote");
        }

        return assignments;
    }

    // The key as written, without surrounding whitespace and an "export" keyword, checked.
    private static string ReadName(StringBuilder key, string text, int entryStart, int entryLine)
    {
        var name = key.ToString().TrimEnd();
        if (name.Length > ExportPrefix.Length
            && name.StartsWith(ExportPrefix, StringComparison.Ordinal)
            && char.IsWhiteSpace(name[ExportPrefix.Length]))
        {
            name = name[ExportPrefix.Length..].TrimStart();
        }

        if (!EnvironmentVariableName.IsValid(name))
        {
            throw Invalid(text, entryStart, entryLine);
        }

        return name;
    }

    private static void Add(List<KeyValuePair<string, string>> assignments, string name, StringBuilder value, int length) =>
        assignments.Add(new KeyValuePair<string, string>(name, value.ToString(0, length)));

    private static EnvironmentFileException Invalid(string text, int entryStart, int entryLine) =>
        new(entryLine, $"invalid assignment {QuotedText.Quote(LineAt(text, entryStart))}");

    // The physical line an entry starts on, from its first non-blank character, without trailing blanks.
    private static string LineAt(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        return (end < 0 ? text[start..] : text[start..end]).TrimEnd();
    }
}
