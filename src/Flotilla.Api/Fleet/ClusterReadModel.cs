using Flotilla.Registry.Layout;

namespace Flotilla.Api.Fleet;

/// <summary>Units, placements and reported states read together, for listings that join them.</summary>
public sealed class ClusterReadModel
{
    private ClusterReadModel(
        IReadOnlyList<UnitRecord> units,
        IReadOnlyDictionary<string, string> placements,
        ILookup<string, UnitStateRecord> states)
    {
        Units = units;
        Placements = placements;
        States = states;
    }

    /// <summary>Every unit, sorted by name.</summary>
    public IReadOnlyList<UnitRecord> Units { get; }

    /// <summary>Unit name to the machine the engine placed it on.</summary>
    public IReadOnlyDictionary<string, string> Placements { get; }

    /// <summary>Unit name to what machines report for it.</summary>
    public ILookup<string, UnitStateRecord> States { get; }

    public static async Task<ClusterReadModel> ReadAsync(ClusterRegistry cluster, CancellationToken cancellationToken)
    {
        RegistrySnapshot<UnitRecord> units = await cluster.ListUnitsAsync(cancellationToken);
        RegistrySnapshot<AssignmentRecord> assignments = await cluster.ListAssignmentsAsync(cancellationToken);
        RegistrySnapshot<UnitStateRecord> states = await cluster.ListUnitStatesAsync(cancellationToken);
        var placements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (RegistryEntry<AssignmentRecord> entry in assignments.Entries)
        {
            placements[entry.Record.Unit] = entry.Record.Machine;
        }

        return new ClusterReadModel(
            [.. units.Entries.Select(e => e.Record).OrderBy(u => u.Name, StringComparer.Ordinal)],
            placements,
            states.Entries.Select(e => e.Record).ToLookup(s => s.Name, StringComparer.Ordinal));
    }

    public FleetUnit ToFleetUnit(UnitRecord unit)
    {
        bool global = UnitOptionsText.IsGlobal(unit.Name, unit.Text);
        string? machine = Placements.GetValueOrDefault(unit.Name);
        return new FleetUnit
        {
            Name = unit.Name,
            Options = UnitOptionsText.ToOptions(unit.Name, unit.Text),
            DesiredState = unit.DesiredState.ToFleetString(),
            CurrentState = CurrentStateRule.Derive(machine, global, States[unit.Name]),
            MachineId = machine,
        };
    }
}
