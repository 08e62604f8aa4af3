using System.Text;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// Formats rows as fleetctl did through Go's tabwriter (minwidth 0, tabwidth 8, padding 1, padchar
/// '\t'): every column but the last is padded with tabs to the smallest multiple of 8 that leaves at
/// least one tab after its widest cell. Users pipe this into awk and cut, so it must match byte for byte.
/// </summary>
internal static class TabTable
{
    private const int TabWidth = 8;

    public static string Format(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
        {
            return "";
        }

        var columns = rows.Max(r => r.Count);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count - 1; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length + 1);
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                text.Append(row[c]);
                if (c == row.Count - 1)
                {
                    break;
                }

                var cellWidth = (widths[c] + TabWidth - 1) / TabWidth * TabWidth;
                var padding = cellWidth - row[c].Length;
                text.Append('\t', (padding + TabWidth - 1) / TabWidth);
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
