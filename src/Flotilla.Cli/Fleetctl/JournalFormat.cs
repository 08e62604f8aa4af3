using System.Globalization;
using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// Prints journal entries like journalctl's short format: <c>Nov 28 07:58:01 UNIT: text</c>; lines
/// written by flotilla itself (source runner, like systemd's own lines) as <c>... flotilla[UNIT]: text</c>.
/// Times are shown in the local time zone, as journalctl did.
/// </summary>
internal static class JournalFormat
{
    public static string Line(JournalLine entry, TimeZoneInfo zone)
    {
        var time = TimeZoneInfo.ConvertTime(entry.Time, zone).ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
        var who = entry.Source == "runner" ? $"flotilla[{entry.Unit}]" : entry.Unit;
        return $"{time} {who}: {entry.Text}";
    }
}
