using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;

namespace Flotilla.Agent.Reconciling;

/// <summary>
/// Which units one machine should have, pure: the units the engine assigned to it, plus the global units
/// whose <c>MachineMetadata=</c> this machine satisfies and that conflict with none of those. Units
/// desired <c>inactive</c> are never wanted. The scheduler's own rules (<see cref="PlacementRules"/>)
/// decide metadata and conflicts, so the agent and the engine can never disagree about them.
/// </summary>
/// <remarks>
/// Works only from this machine's assigned units and the global units (the agent never reads the others),
/// each carrying the desired state of its assignment or global index record.
/// </remarks>
public static class DesiredUnitSelector
{
    /// <param name="machine">This machine (its ID and metadata).</param>
    /// <param name="assigned">The units assigned to this machine, with their texts.</param>
    /// <param name="globals">The global units of the cluster, with their texts.</param>
    public static IReadOnlyList<DesiredUnit> Select(
        ClusterMachine machine,
        IEnumerable<KnownUnit> assigned,
        IEnumerable<KnownUnit> globals)
    {
        var desired = new List<DesiredUnit>();
        var running = new List<ClusterUnit>();
        foreach (KnownUnit unit in assigned.OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            if (unit.Record.DesiredState == UnitDesiredState.Inactive)
            {
                continue;
            }

            desired.Add(new DesiredUnit(unit.Source, unit.Record.DesiredState == UnitDesiredState.Launched, IsGlobal: false));
            if (unit.Rules is { } rules)
            {
                running.Add(rules);
            }
        }

        var chosen = new HashSet<string>(desired.Select(d => d.Name), StringComparer.Ordinal);

        // Name order decides between conflicting globals: the first one wins, as the scheduler's order would.
        foreach (KnownUnit unit in globals.Where(u => u.IsGlobal).OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            ClusterUnit rules = unit.Rules!;
            if (unit.Record.DesiredState == UnitDesiredState.Inactive
                || chosen.Contains(unit.Name)
                || !PlacementRules.MatchesMetadata(rules.Requirements, machine)
                || running.Any(other => PlacementRules.Conflict(rules, other)))
            {
                continue;
            }

            desired.Add(new DesiredUnit(unit.Source, unit.Record.DesiredState == UnitDesiredState.Launched, IsGlobal: true));
            running.Add(rules);
            chosen.Add(unit.Name);
        }

        return desired;
    }
}
