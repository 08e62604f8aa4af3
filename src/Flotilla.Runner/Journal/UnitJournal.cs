using System.Globalization;
using System.Text;

namespace Flotilla.Runner.Journal;

/// <summary>
/// One unit's journal: a text file of <c>time TAB source TAB text</c> lines, rotated to <c>.1</c> (one old
/// file kept) when it grows past the limit, so a chatty unit cannot fill the disk.
/// </summary>
internal sealed class UnitJournal
{
    private readonly Lock _gate = new();
    private readonly string _unit;
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;

    public UnitJournal(string directory, string unit, long maxBytes, TimeProvider time)
    {
        _unit = unit;
        _path = Path.Combine(directory, unit + ".journal");
        _maxBytes = maxBytes;
        _time = time;
    }

    public void Write(JournalSource source, string text)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():O}\t{SourceText(source)}\t{text.Replace('\n', ' ')}\n");
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            var info = new FileInfo(_path);
            if (info.Exists && info.Length + bytes.Length > _maxBytes)
            {
                File.Move(_path, _path + ".1", overwrite: true);
            }

            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(bytes);
        }
    }

    public IReadOnlyList<JournalEntry> Read(int maxEntries)
    {
        if (maxEntries <= 0)
        {
            return [];
        }

        var lines = new List<string>();
        lock (_gate)
        {
            foreach (var file in new[] { _path + ".1", _path })
            {
                if (File.Exists(file))
                {
                    lines.AddRange(File.ReadAllLines(file));
                }
            }
        }

        var entries = new List<JournalEntry>(Math.Min(maxEntries, lines.Count));
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - maxEntries)))
        {
            if (TryParse(line, out var entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private bool TryParse(string line, out JournalEntry entry)
    {
        entry = null!;
        var parts = line.Split('\t', 3);
        if (parts.Length != 3 || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            return false;
        }

        var source = parts[1] switch
        {
            "stdout" => JournalSource.Stdout,
            "stderr" => JournalSource.Stderr,
            _ => JournalSource.Runner,
        };
        entry = new JournalEntry(time, _unit, source, parts[2]);
        return true;
    }

    private static string SourceText(JournalSource source) => source switch
    {
        JournalSource.Stdout => "stdout",
        JournalSource.Stderr => "stderr",
        _ => "runner",
    };
}
