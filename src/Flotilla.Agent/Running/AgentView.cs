using Flotilla.Agent.Reconciling;
using Flotilla.Registry.Data;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Agent.Running;

/// <summary>
/// What one agent knows of the registry: the units assigned to its own machine and the global units, each
/// with the hash and desired state the engine copied into the assignment or the global index, plus the
/// texts it has read for them. Loaded from a snapshot of those two folders, then kept current by watch
/// events; never sees <c>units/</c> as a whole, so what other machines run costs this agent nothing.
/// The caller serializes access.
/// </summary>
internal sealed class AgentView(RegistryLayout layout, string machineId, UnitTextCache texts)
{
    private readonly Dictionary<string, WantedUnit> _assigned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WantedUnit> _globals = new(StringComparer.Ordinal);

    // The revision each folder reflects: its watch and a resync's fresh read may deliver out of order.
    private long _assignedRevision;
    private long _globalsRevision;

    public IReadOnlyDictionary<string, WantedUnit> Assigned => _assigned;

    public IReadOnlyDictionary<string, WantedUnit> Globals => _globals;

    /// <summary>
    /// Replaces everything with both folders as read at <paramref name="revision"/>, unless a watch has
    /// already applied something newer (then the watch is current, and the older read would undo it).
    /// Returns whether it loaded.
    /// </summary>
    public bool Load(IEnumerable<KeyValue> items, long revision)
    {
        if (_assignedRevision > revision || _globalsRevision > revision)
        {
            return false;
        }

        _assignedRevision = _globalsRevision = revision;
        _assigned.Clear();
        _globals.Clear();
        foreach (KeyValue item in items)
        {
            Put(item);
        }

        return true;
    }

    /// <summary>
    /// Applies a batch of one folder's watch, unless that folder was already read at or after its revision;
    /// returns whether anything this agent decides on changed.
    /// </summary>
    public bool Apply(WatchBatch batch)
    {
        bool changed = false;
        foreach (WatchEvent change in batch.Events)
        {
            ref long folderRevision = ref FolderRevision(change.Item.Key);
            if (batch.Revision <= folderRevision)
            {
                continue;
            }

            changed |= change.Kind == WatchEventKind.Put ? Put(change.Item) : Delete(change.Item.Key);
        }

        foreach (WatchEvent change in batch.Events)
        {
            ref long folderRevision = ref FolderRevision(change.Item.Key);
            folderRevision = Math.Max(folderRevision, batch.Revision);
        }

        return changed;
    }

    private ref long FolderRevision(string key)
    {
        if (key.StartsWith(layout.GlobalsPrefix, StringComparison.Ordinal))
        {
            return ref _globalsRevision;
        }

        return ref _assignedRevision;
    }

    /// <summary>The units wanted at a hash whose text this agent has not read yet: each costs one read of its unit key.</summary>
    public IReadOnlyList<WantedUnit> MissingTexts() =>
        [.. _assigned.Values.Concat(_globals.Values).Where(wanted => texts.Find(wanted.Name)?.Record.Hash != wanted.Hash)];

    /// <summary>
    /// Keeps a text read from <c>units/&lt;name&gt;</c> if it is the one wanted. A text of another hash
    /// (the unit was replaced after the engine wrote the record) is dropped: the engine is about to write
    /// the new hash, and the agent runs only texts the engine has placed.
    /// </summary>
    public bool Offer(UnitRecord record)
    {
        WantedUnit? wanted = _assigned.GetValueOrDefault(record.Name) ?? _globals.GetValueOrDefault(record.Name);
        if (wanted is null || wanted.Hash != record.Hash)
        {
            return false;
        }

        texts.Store(record);
        return true;
    }

    /// <summary>
    /// The assigned and global units with a text, in the desired state of their record. While the text of
    /// a new hash is still unread, the text read before stands in (a replaced unit keeps running until its
    /// new text arrives); a unit with no text at all is left out until it has one.
    /// </summary>
    public (IReadOnlyList<KnownUnit> Assigned, IReadOnlyList<KnownUnit> Globals) Known()
    {
        var names = new HashSet<string>(_assigned.Keys.Concat(_globals.Keys), StringComparer.Ordinal);
        texts.Retain(names);
        return (WithTexts(_assigned.Values), WithTexts(_globals.Values));
    }

    private List<KnownUnit> WithTexts(IEnumerable<WantedUnit> wanted)
    {
        var known = new List<KnownUnit>();
        foreach (WantedUnit unit in wanted)
        {
            if (texts.Find(unit.Name) is { } text)
            {
                known.Add(KnownUnit.From(text.Record with { DesiredState = unit.DesiredState }, text));
            }
        }

        return known;
    }

    private bool Put(KeyValue item)
    {
        RegistryKey? key = layout.Parse(item.Key);
        switch (key?.Kind)
        {
            case RegistryKeyKind.Assignment when key.Machine == machineId:
                // An unreadable value changes nothing here: the engine rewrites it on its next pass.
                return Read<AssignmentRecord>(item) is { } assignment && assignment.Unit == key.Name
                    && Set(_assigned, new WantedUnit(key.Name!, assignment.Hash, assignment.DesiredState));
            case RegistryKeyKind.Global:
                return Read<GlobalUnitRecord>(item) is { } global && global.Name == key.Name
                    && Set(_globals, new WantedUnit(key.Name!, global.Hash, global.DesiredState));
            default:
                return false;
        }
    }

    private bool Delete(string rawKey)
    {
        RegistryKey? key = layout.Parse(rawKey);
        return key?.Kind switch
        {
            RegistryKeyKind.Assignment when key.Machine == machineId => _assigned.Remove(key.Name!),
            RegistryKeyKind.Global => _globals.Remove(key.Name!),
            _ => false,
        };
    }

    private static bool Set(Dictionary<string, WantedUnit> folder, WantedUnit wanted)
    {
        if (folder.TryGetValue(wanted.Name, out WantedUnit? known) && known == wanted)
        {
            return false;
        }

        folder[wanted.Name] = wanted;
        return true;
    }

    private static T? Read<T>(KeyValue item)
        where T : class, IRegistryRecord
    {
        try
        {
            return RegistryRecordCodec.Decode<T>(item);
        }
        catch (RegistryRecordException)
        {
            return null;
        }
    }
}
