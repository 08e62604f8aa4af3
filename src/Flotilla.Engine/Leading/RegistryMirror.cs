using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Data;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Engine.Leading;

/// <summary>
/// The leader's in-memory copy of the records it decides on (units, machines, assignments, reasons, the global unit index),
/// loaded once from a snapshot and then kept current by applying watch events, so no pass re-reads the
/// registry. Pure bookkeeping: the caller supplies the events and the clock, and serializes access.
/// </summary>
/// <remarks>
/// Assignments are taken from their keys, not their values, so a damaged value still counts as a
/// placement (and is rewritten) instead of letting the unit be placed a second time.
/// </remarks>
internal sealed class RegistryMirror
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private readonly RegistryLayout _layout;
    private readonly string? _leaderKey;
    private readonly Dictionary<string, SubmittedUnit> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MirroredMachine> _machines = new(StringComparer.Ordinal);

    // Unit -> machine -> record stored in the assignment (null when unreadable). Normally one machine per unit.
    private readonly Dictionary<string, SortedDictionary<string, AssignmentRecord?>> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _assignmentsPerMachine = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reasons = new(StringComparer.Ordinal);

    // The global unit index as stored (null when unreadable, so the next pass rewrites it).
    private readonly Dictionary<string, GlobalUnitRecord?> _globals = new(StringComparer.Ordinal);

    /// <param name="leaderKey">This leader's election key: its deletion means leadership is lost.</param>
    public RegistryMirror(RegistryLayout layout, string? leaderKey)
    {
        _layout = layout;
        _leaderKey = leaderKey;
    }

    /// <summary>The revision the mirror reflects.</summary>
    public long Revision { get; private set; }

    /// <summary>Set once the leader key was seen missing or deleted: stop deciding at once.</summary>
    public bool LeadershipLost { get; private set; }

    public int UnitCount => _units.Count;

    /// <summary>Replaces everything with a snapshot read at <paramref name="revision"/>.</summary>
    public void Load(IEnumerable<KeyValue> items, long revision, DateTimeOffset now)
    {
        _units.Clear();
        _machines.Clear();
        _assignments.Clear();
        _assignmentsPerMachine.Clear();
        _reasons.Clear();
        _globals.Clear();
        bool leaderKeySeen = false;
        foreach (KeyValue item in items)
        {
            leaderKeySeen |= item.Key == _leaderKey;
            Put(item, now);
        }

        LeadershipLost = _leaderKey is not null && !leaderKeySeen;
        Revision = revision;
    }

    /// <summary>
    /// Applies one watch batch. Returns whether anything the scheduler reads changed (unit states and
    /// other keys do not wake the leader).
    /// </summary>
    public bool Apply(WatchBatch batch, DateTimeOffset now)
    {
        bool relevant = false;
        foreach (WatchEvent change in batch.Events)
        {
            relevant |= change.Kind == WatchEventKind.Put ? Put(change.Item, now) : Delete(change.Item.Key, now);
        }

        Revision = Math.Max(Revision, batch.Revision);
        return relevant;
    }

    /// <summary>The earliest moment a missing machine's grace ends, so the leader wakes to move its units.</summary>
    public DateTimeOffset? NextGraceDeadline(TimeSpan grace)
    {
        DateTimeOffset? next = null;
        foreach (MirroredMachine machine in _machines.Values)
        {
            if (machine.MissingSince is { } since && (next is null || since + grace < next))
            {
                next = since + grace;
            }
        }

        return next;
    }

    public EngineSnapshot Snapshot(DateTimeOffset now, TimeSpan grace)
    {
        var units = new List<ClusterUnit>(_units.Count);
        var hashes = new Dictionary<string, string>(_units.Count, StringComparer.Ordinal);
        var unusable = new List<Unplaceable>();
        foreach (SubmittedUnit unit in _units.Values)
        {
            if (unit.Unit is { } usable)
            {
                units.Add(usable);
                hashes[unit.Name] = unit.Hash;
            }
            else
            {
                unusable.Add(new Unplaceable(unit.Name, unit.Problem!));
            }
        }

        var assignments = new Dictionary<string, string>(_assignments.Count, StringComparer.Ordinal);
        var storedAssignments = new Dictionary<string, AssignmentRecord?>(_assignments.Count, StringComparer.Ordinal);
        var duplicates = new List<MachineUnit>();
        foreach (var (unit, machines) in _assignments)
        {
            // Of a unit placed twice (only a hand edit or another tool can do that) keep the copy on a live
            // machine, the first by ID among equals, and remove the others.
            string kept = machines.Keys.FirstOrDefault(m => _machines[m].MissingSince is null) ?? machines.Keys.First();
            assignments[unit] = kept;
            storedAssignments[unit] = machines[kept];
            foreach (string machine in machines.Keys)
            {
                if (machine != kept)
                {
                    duplicates.Add(new MachineUnit(machine, unit));
                }
            }
        }

        var machinesInView = _machines.Values
            .Select(m => new ClusterMachine(m.Id, m.Metadata, m.MissingSince))
            .ToList();
        var view = new ClusterView(units, machinesInView, assignments, now, grace);
        return new EngineSnapshot(
            Revision,
            view,
            hashes,
            storedAssignments,
            duplicates,
            new Dictionary<string, string>(_reasons, StringComparer.Ordinal),
            unusable,
            new Dictionary<string, GlobalUnitRecord?>(_globals, StringComparer.Ordinal));
    }

    private bool Put(KeyValue item, DateTimeOffset now)
    {
        RegistryKey? key = _layout.Parse(item.Key);
        switch (key?.Kind)
        {
            case RegistryKeyKind.Unit:
                PutUnit(key.Name!, item);
                return true;
            case RegistryKeyKind.Machine:
                _machines[key.Machine!] = new MirroredMachine(key.Machine!, ReadMetadata(item), null);
                return true;
            case RegistryKeyKind.Assignment:
                PutAssignment(key.Machine!, key.Name!, Read<AssignmentRecord>(item), now);
                return true;
            case RegistryKeyKind.Global:
                _globals[key.Name!] = Read<GlobalUnitRecord>(item);
                return true;
            case RegistryKeyKind.Reason:
                // An unreadable reason is remembered as empty, so the next pass rewrites it.
                _reasons[key.Name!] = Read<PlacementReasonRecord>(item)?.Reason ?? "";
                return true;
            default:
                return false;
        }
    }

    private bool Delete(string rawKey, DateTimeOffset now)
    {
        if (rawKey == _leaderKey)
        {
            LeadershipLost = true;
            return true;
        }

        RegistryKey? key = _layout.Parse(rawKey);
        switch (key?.Kind)
        {
            case RegistryKeyKind.Unit:
                return _units.Remove(key.Name!);
            case RegistryKeyKind.Machine:
                MachineGone(key.Machine!, now);
                return true;
            case RegistryKeyKind.Assignment:
                RemoveAssignment(key.Machine!, key.Name!);
                return true;
            case RegistryKeyKind.Reason:
                return _reasons.Remove(key.Name!);
            case RegistryKeyKind.Global:
                return _globals.Remove(key.Name!);
            default:
                return false;
        }
    }

    private void PutUnit(string name, KeyValue item)
    {
        UnitRecord? record;
        try
        {
            record = RegistryRecordCodec.Decode<UnitRecord>(item);
        }
        catch (RegistryRecordException error)
        {
            _units[name] = SubmittedUnit.Unusable(name, "", error.Message);
            return;
        }

        if (record.Name != name)
        {
            _units[name] = SubmittedUnit.Unusable(name, record.Hash, $"key {item.Key} holds the record of unit {record.Name}");
            return;
        }

        // Usually only the desired state changed: keep the parsed rules instead of parsing the text again.
        if (_units.TryGetValue(name, out SubmittedUnit? known) && known.Hash == record.Hash && known.Unit is { } parsed)
        {
            _units[name] = SubmittedUnit.FromParsed(name, record, parsed);
            return;
        }

        _units[name] = SubmittedUnit.FromRecord(name, record);
    }

    private void PutAssignment(string machine, string unit, AssignmentRecord? stored, DateTimeOffset now)
    {
        if (!_assignments.TryGetValue(unit, out SortedDictionary<string, AssignmentRecord?>? machines))
        {
            _assignments[unit] = machines = new SortedDictionary<string, AssignmentRecord?>(StringComparer.Ordinal);
        }

        if (!machines.ContainsKey(machine))
        {
            _assignmentsPerMachine[machine] = _assignmentsPerMachine.GetValueOrDefault(machine) + 1;
        }

        machines[machine] = stored;

        // A placement on a machine without a live key: that machine is missing from now on (for a new
        // leader, "now" is when it took over, so the grace is never cut short by a leader change).
        if (!_machines.ContainsKey(machine))
        {
            _machines[machine] = new MirroredMachine(machine, NoMetadata, now);
        }
    }

    private void RemoveAssignment(string machine, string unit)
    {
        if (!_assignments.TryGetValue(unit, out SortedDictionary<string, AssignmentRecord?>? machines) || !machines.Remove(machine))
        {
            return;
        }

        if (machines.Count == 0)
        {
            _assignments.Remove(unit);
        }

        int left = _assignmentsPerMachine[machine] - 1;
        if (left > 0)
        {
            _assignmentsPerMachine[machine] = left;
            return;
        }

        _assignmentsPerMachine.Remove(machine);

        // A missing machine is remembered only while it still holds units.
        if (_machines.TryGetValue(machine, out MirroredMachine? known) && known.MissingSince is not null)
        {
            _machines.Remove(machine);
        }
    }

    private void MachineGone(string machine, DateTimeOffset now)
    {
        if (!_machines.TryGetValue(machine, out MirroredMachine? known))
        {
            return;
        }

        if (_assignmentsPerMachine.ContainsKey(machine))
        {
            _machines[machine] = known with { MissingSince = known.MissingSince ?? now };
        }
        else
        {
            _machines.Remove(machine);
        }
    }

    // A machine whose record cannot be read is still alive (its lease holds the key), so it keeps its
    // units; without readable metadata it only qualifies for units that ask for none.
    private static IReadOnlyDictionary<string, string> ReadMetadata(KeyValue item) =>
        Read<MachineRecord>(item)?.Metadata ?? NoMetadata;

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
