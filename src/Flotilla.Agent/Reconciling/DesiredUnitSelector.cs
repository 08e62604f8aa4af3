using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;

namespace Flotilla.Agent.Reconciling;

/// <summary>
/// Which units one machine should have, pure: the units the engine assigned to it, plus the global units
/// whose <c>MachineMetadata=</c> this machine satisfies and that conflict with none of those. Units
/// desired <c>inactive</c> are never wanted. The scheduler's own rules (<see cref="PlacementRules"/>)
/// decide metadata and conflicts, so the agent and the engine can never disagree about them.
/// </summary>
public static class DesiredUnitSelector
{
    /// <param name="machine">This machine (its ID and metadata).</param>
    /// <param name="assigned">Names of the units assigned to this machine (its <c>assignments/&lt;machine&gt;/</c> keys).</param>
    /// <param name="units">Every unit of the cluster, by name.</param>
    public static IReadOnlyList<DesiredUnit> Select(
        ClusterMachine machine,
        IEnumerable<string> assigned,
        IReadOnlyDictionary<string, KnownUnit> units)
    {
        var desired = new List<DesiredUnit>();
        var running = new List<ClusterUnit>();
        foreach (string name in assigned.Order(StringComparer.Ordinal))
        {
            // An assignment can outlive its unit for a moment (destroy, then the engine's clean-up).
            if (!units.TryGetValue(name, out KnownUnit? unit) || unit.Record.DesiredState == UnitDesiredState.Inactive)
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
        foreach (KnownUnit unit in units.Values.Where(u => u.IsGlobal).OrderBy(u => u.Name, StringComparer.Ordinal))
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
