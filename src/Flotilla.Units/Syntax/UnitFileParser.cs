using System.Text;
using Flotilla.Units.Diagnostics;

namespace Flotilla.Units.Syntax;

/// <summary>
/// Reads systemd's key-file syntax (systemd.syntax(7)): <c>[Section]</c> headers, <c>Key=Value</c>
/// assignments, <c>#</c>/<c>;</c> comments, backslash continuations, CRLF line ends.
/// systemd ignores a malformed line with a warning; fleet refused the whole unit. We refuse it too,
/// because a silently dropped line is how a unit ends up running somewhere it should not.
/// </summary>
public static class UnitFileParser
{
    /// <summary>Parses <paramref name="text"/> and throws <see cref="UnitSyntaxException"/> at the first error.</summary>
    public static UnitFile Parse(string fileName, string text)
    {
        var diagnostics = new List<UnitDiagnostic>();
        var file = Parse(fileName, text, diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.IsError)
            {
                throw new UnitSyntaxException(fileName, diagnostic.Line, diagnostic.Message);
            }
        }

        return file;
    }

    /// <summary>
    /// Parses <paramref name="text"/>, adding every syntax error to <paramref name="diagnostics"/>.
    /// The returned file holds the well-formed assignments only, so later checks still run.
    /// </summary>
    public static UnitFile Parse(string fileName, string text, ICollection<UnitDiagnostic> diagnostics)
    {
        var options = new List<UnitOption>(32);
        string? section = null;
        StringBuilder? continuation = null;
        var continuationStart = 0;
        var lineNumber = 0;
        var position = 0;

        // A byte-order mark is not part of the first line (editors on other systems add one).
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            position = 1;
        }

        while (position <= text.Length)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.AsSpan(position, end - position);
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            lineNumber++;
            var atEndOfText = end >= text.Length;
            position = end + 1;

            // Comment lines are skipped even in the middle of a continuation, as systemd does.
            var trimmedStart = line.TrimStart();
            if (trimmedStart.Length > 0 && (trimmedStart[0] == '#' || trimmedStart[0] == ';'))
            {
                if (atEndOfText)
                {
                    break;
                }

                continue;
            }

            if (EndsWithOddBackslashes(line))
            {
                // The continuing backslash becomes a space; the next line is appended as it is.
                if (continuation is null)
                {
                    continuation = new StringBuilder();
                    continuationStart = lineNumber;
                }

                continuation.Append(line[..^1]).Append(' ');
                if (atEndOfText)
                {
                    ParseLine(fileName, continuationStart, continuation.ToString(), ref section, options, diagnostics);
                    break;
                }

                continue;
            }

            if (continuation is not null)
            {
                continuation.Append(line);
                ParseLine(fileName, continuationStart, continuation.ToString(), ref section, options, diagnostics);
                continuation = null;
            }
            else
            {
                ParseLine(fileName, lineNumber, line, ref section, options, diagnostics);
            }

            if (atEndOfText)
            {
                break;
            }
        }

        return new UnitFile(fileName, options);
    }

    private static bool EndsWithOddBackslashes(ReadOnlySpan<char> line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    private static void ParseLine(
        string fileName,
        int lineNumber,
        ReadOnlySpan<char> rawLine,
        ref string? section,
        List<UnitOption> options,
        ICollection<UnitDiagnostic> diagnostics)
    {
        var line = rawLine.Trim();
        if (line.IsEmpty)
        {
            return;
        }

        if (line[0] == '[')
        {
            if (line.Length < 3 || line[^1] != ']')
            {
                diagnostics.Add(Error(fileName, lineNumber, null, $"invalid section header \"{line}\""));
                section = null;
                return;
            }

            var name = line[1..^1];
            if (name.ContainsAny('[', ']'))
            {
                diagnostics.Add(Error(fileName, lineNumber, null, $"invalid section header \"{line}\""));
                section = null;
                return;
            }

            section = name.ToString();
            return;
        }

        var equals = line.IndexOf('=');
        if (equals < 0)
        {
            diagnostics.Add(Error(fileName, lineNumber, null, $"missing '=' in \"{line}\""));
            return;
        }

        var key = line[..equals].TrimEnd();
        if (key.IsEmpty)
        {
            diagnostics.Add(Error(fileName, lineNumber, null, $"missing key name before '=' in \"{line}\""));
            return;
        }

        var keyText = key.ToString();
        if (key.IndexOfAny(' ', '\t') >= 0)
        {
            diagnostics.Add(Error(fileName, lineNumber, keyText, $"invalid key name \"{keyText}\""));
            return;
        }

        if (section is null)
        {
            diagnostics.Add(Error(fileName, lineNumber, keyText, $"{keyText}: assignment outside of any section"));
            return;
        }

        options.Add(new UnitOption(section, keyText, line[(equals + 1)..].TrimStart().ToString(), lineNumber));
    }

    private static UnitDiagnostic Error(string fileName, int line, string? key, string message) =>
        new(DiagnosticSeverity.Error, fileName, line, key, message);
}
