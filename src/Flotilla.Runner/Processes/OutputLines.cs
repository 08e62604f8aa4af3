using System.Text;

namespace Flotilla.Runner.Processes;

/// <summary>
/// Splits a process's output into journal lines. A line longer than <see cref="MaxLineLength"/> is cut
/// into pieces, as systemd's journal does (LineMax=48K), so a program that never writes a newline cannot
/// make the runner buffer without bound.
/// </summary>
internal static class OutputLines
{
    public const int MaxLineLength = 48 * 1024;

    public static async Task CopyAsync(TextReader reader, Action<string> writeLine, int maxLineLength = MaxLineLength)
    {
        var buffer = new char[4096];
        var line = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    Flush(line, writeLine);
                    continue;
                }

                line.Append(c);
                if (line.Length >= maxLineLength)
                {
                    Flush(line, writeLine);
                }
            }
        }

        if (line.Length > 0)
        {
            Flush(line, writeLine);
        }
    }

    private static void Flush(StringBuilder line, Action<string> writeLine)
    {
        // CRLF output reads as one line, like ReadLine would have it.
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        writeLine(line.ToString());
        line.Clear();
    }
}
