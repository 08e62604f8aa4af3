using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Flotilla.Runner.Systemd;

/// <summary>Reads the output of <c>journalctl -o json</c> (one JSON object per line) into journal entries.</summary>
internal static class JournalJsonOutput
{
    /// <exception cref="FormatException">A line is not a journal record.</exception>
    public static IReadOnlyList<JournalEntry> Parse(string unitName, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var entries = new List<JournalEntry>();
        foreach (var rawLine in output.Split('\n'))
        {
            var line = rawLine.Trim();

            // Older journalctl versions print "-- No entries --" even in JSON mode; only objects are records.
            if (!line.StartsWith('{'))
            {
                continue;
            }

            JournalRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalRecord);
            }
            catch (JsonException e)
            {
                throw new FormatException($"journalctl printed a line that is not a JSON journal record: {e.Message}", e);
            }

            if (record is null || !TryReadTime(record.RealtimeTimestamp, out var time))
            {
                // Every record journald writes has a timestamp; one without cannot be placed in order.
                continue;
            }

            entries.Add(new JournalEntry(time, unitName, SourceOf(record), ReadMessage(record.Message)));
        }

        return entries;
    }

    /// <summary>
    /// systemd's own lines about the unit (Started ..., Main process exited ...) are written by PID 1:
    /// they are the runner's lines. journald does not record whether a process line came from stdout or
    /// stderr (both go to the same stream by default), so every other line counts as stdout.
    /// </summary>
    private static JournalSource SourceOf(JournalRecord record) =>
        record.Pid == "1" ? JournalSource.Runner : JournalSource.Stdout;

    private static bool TryReadTime(string? microseconds, out DateTimeOffset time)
    {
        if (long.TryParse(microseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000)
        {
            time = DateTimeOffset.UnixEpoch.AddTicks(value * (TimeSpan.TicksPerMillisecond / 1000));
            return true;
        }

        time = default;
        return false;
    }

    private static string ReadMessage(JsonElement message) => message.ValueKind switch
    {
        JsonValueKind.String => message.GetString() ?? string.Empty,
        JsonValueKind.Array when IsByteArray(message) => DecodeBytes(message),

        // A field written twice in one record comes as an array of its values; they are one line each.
        JsonValueKind.Array => string.Join('\n', message.EnumerateArray().Select(ReadMessage)),
        _ => string.Empty,
    };

    private static bool IsByteArray(JsonElement array) =>
        array.EnumerateArray().All(static item => item.ValueKind == JsonValueKind.Number);

    private static string DecodeBytes(JsonElement array)
    {
        var bytes = array.EnumerateArray().Select(static item => item.TryGetByte(out var b) ? b : (byte)'?').ToArray();

        // Not valid UTF-8 is why journald sent bytes: decode with replacement characters rather than fail.
        return Encoding.UTF8.GetString(bytes);
    }
}
