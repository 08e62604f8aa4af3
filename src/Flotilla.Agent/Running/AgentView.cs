using Flotilla.Agent.Reconciling;
using Flotilla.Registry.Data;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Agent.Running;

/// <summary>
/// What one agent knows of the registry: every unit (global units may run anywhere, so all are needed)
/// and the names of the units assigned to its own machine. Loaded from a snapshot, then kept current by
/// watch events; the caller serializes access.
/// </summary>
internal sealed class AgentView(RegistryLayout layout, string machineId)
{
    private readonly Dictionary<string, KnownUnit> _units = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assigned = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, KnownUnit> Units => _units;

    public IReadOnlyCollection<string> Assigned => _assigned;

    public void Load(IEnumerable<KeyValue> items)
    {
        _units.Clear();
        _assigned.Clear();
        foreach (KeyValue item in items)
        {
            Put(item);
        }
    }

    /// <summary>Applies a batch; returns whether anything this agent decides on changed.</summary>
    public bool Apply(WatchBatch batch)
    {
        bool changed = false;
        foreach (WatchEvent change in batch.Events)
        {
            changed |= change.Kind == WatchEventKind.Put ? Put(change.Item) : Delete(change.Item.Key);
        }

        return changed;
    }

    private bool Put(KeyValue item)
    {
        RegistryKey? key = layout.Parse(item.Key);
        switch (key?.Kind)
        {
            case RegistryKeyKind.Unit:
                UnitRecord record;
                try
                {
                    record = RegistryRecordCodec.Decode<UnitRecord>(item);
                }
                catch (RegistryRecordException)
                {
                    // A damaged record is nothing this agent can run; the engine reports it as unplaceable.
                    return _units.Remove(key.Name!);
                }

                if (record.Name != key.Name)
                {
                    return _units.Remove(key.Name!);
                }

                _units[record.Name] = KnownUnit.From(record, _units.GetValueOrDefault(record.Name));
                return true;
            case RegistryKeyKind.Assignment when key.Machine == machineId:
                // Taken from the key, not the value: the unit's own record has the text to run.
                return _assigned.Add(key.Name!);
            default:
                return false;
        }
    }

    private bool Delete(string rawKey)
    {
        RegistryKey? key = layout.Parse(rawKey);
        return key?.Kind switch
        {
            RegistryKeyKind.Unit => _units.Remove(key.Name!),
            RegistryKeyKind.Assignment when key.Machine == machineId => _assigned.Remove(key.Name!),
            _ => false,
        };
    }
}
