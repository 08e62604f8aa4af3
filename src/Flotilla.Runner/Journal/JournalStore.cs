using System.Collections.Concurrent;

namespace Flotilla.Runner.Journal;

/// <summary>The journals of every unit a runner has run; they outlive the units (reading after unload works).</summary>
internal sealed class JournalStore
{
    private readonly ConcurrentDictionary<string, UnitJournal> _journals = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;

    public JournalStore(string directory, long maxBytes, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        _directory = directory;
        _maxBytes = maxBytes;
        _time = time;
    }

    public UnitJournal For(string unit) => _journals.GetOrAdd(unit, name => new UnitJournal(_directory, name, _maxBytes, _time));
}
