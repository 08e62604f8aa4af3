using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;

namespace Flotilla.Engine.Leading;

/// <summary>
/// Turns a plan into the registry writes that carry it out, in the order they must land: assignments
/// removed first, then assignments added or rewritten, then the global unit index, then reasons. Batches
/// keep this order, so a unit that moves leaves its old machine no later than it reaches the new one and
/// is never assigned twice.
/// </summary>
/// <remarks>
/// Agents read only their own assignments and the global index, never <c>units/</c>; so whatever an agent
/// decides on besides the text (hash and desired state) is copied here into those records, and rewritten
/// whenever the unit record changes it.
/// </remarks>
internal static class PlanOperations
{
    public static IReadOnlyList<RegistryOperation> Build(EngineSnapshot snapshot, Plan plan, RegistryLayout layout, DateTimeOffset now)
    {
        var operations = new List<RegistryOperation>(plan.Unschedules.Count + plan.Schedules.Count + plan.Unplaceables.Count);
        var leaving = new HashSet<string>(StringComparer.Ordinal);
        foreach (Unschedule unschedule in plan.Unschedules)
        {
            leaving.Add(unschedule.Unit);
            operations.Add(RegistryOperation.Delete(layout.AssignmentKey(unschedule.Machine, unschedule.Unit)));
        }

        foreach (MachineUnit duplicate in snapshot.DuplicateAssignments)
        {
            operations.Add(RegistryOperation.Delete(layout.AssignmentKey(duplicate.Machine, duplicate.Unit)));
        }

        var desired = new Dictionary<string, UnitDesiredState>(snapshot.View.Units.Count, StringComparer.Ordinal);
        foreach (ClusterUnit unit in snapshot.View.Units)
        {
            desired[unit.Name] = ToRegistryState(unit.Desired);
        }

        foreach (Schedule schedule in plan.Schedules)
        {
            operations.Add(PutAssignment(layout, new AssignmentRecord(schedule.Unit, schedule.Machine, snapshot.UnitHashes[schedule.Unit], desired[schedule.Unit])));
        }

        // A unit replaced in place (new text, same machine) keeps its assignment with the new hash, which
        // is how its agent learns to restart it; a unit started or stopped (launched <-> loaded) keeps it
        // with the new desired state, which is how its agent learns to start or stop it.
        foreach (var (unit, machine) in snapshot.View.Assignments)
        {
            if (!leaving.Contains(unit)
                && snapshot.UnitHashes.TryGetValue(unit, out string? hash)
                && desired.TryGetValue(unit, out UnitDesiredState state))
            {
                var wanted = new AssignmentRecord(unit, machine, hash, state);
                if (snapshot.StoredAssignments[unit] != wanted)
                {
                    operations.Add(PutAssignment(layout, wanted));
                }
            }
        }

        AddGlobals(operations, snapshot, layout);
        AddReasons(operations, snapshot, plan, layout, now);
        return operations;
    }

    /// <summary>
    /// Keeps <c>globals/</c> equal to the global units that are desired loaded or launched: written when
    /// one appears or its hash or desired state changes, deleted when it is destroyed or made inactive.
    /// </summary>
    private static void AddGlobals(List<RegistryOperation> operations, EngineSnapshot snapshot, RegistryLayout layout)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (ClusterUnit unit in snapshot.View.Units.Where(u => u.IsGlobal && u.Desired != DesiredState.Inactive).OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            wanted.Add(unit.Name);
            var record = new GlobalUnitRecord(unit.Name, snapshot.UnitHashes[unit.Name], ToRegistryState(unit.Desired));
            if (!snapshot.StoredGlobals.TryGetValue(unit.Name, out GlobalUnitRecord? stored) || stored != record)
            {
                operations.Add(RegistryOperation.Put(layout.GlobalKey(unit.Name), RegistryRecordCodec.Encode(record)));
            }
        }

        foreach (string unit in snapshot.StoredGlobals.Keys.Order(StringComparer.Ordinal))
        {
            if (!wanted.Contains(unit))
            {
                operations.Add(RegistryOperation.Delete(layout.GlobalKey(unit)));
            }
        }
    }

    private static void AddReasons(List<RegistryOperation> operations, EngineSnapshot snapshot, Plan plan, RegistryLayout layout, DateTimeOffset now)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Unplaceable unplaceable in plan.Unplaceables.Concat(snapshot.UnusableUnits))
        {
            wanted[unplaceable.Unit] = unplaceable.Reason;
        }

        // Only changed reasons are written: the time in a reason says since when it has held.
        foreach (var (unit, reason) in wanted.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!snapshot.Reasons.TryGetValue(unit, out string? stored) || stored != reason)
            {
                operations.Add(RegistryOperation.Put(layout.ReasonKey(unit), RegistryRecordCodec.Encode(new PlacementReasonRecord(unit, reason, now))));
            }
        }

        foreach (string unit in snapshot.Reasons.Keys.Order(StringComparer.Ordinal))
        {
            if (!wanted.ContainsKey(unit))
            {
                operations.Add(RegistryOperation.Delete(layout.ReasonKey(unit)));
            }
        }
    }

    private static RegistryOperation PutAssignment(RegistryLayout layout, AssignmentRecord assignment) =>
        RegistryOperation.Put(layout.AssignmentKey(assignment.Machine, assignment.Unit), RegistryRecordCodec.Encode(assignment));

    private static UnitDesiredState ToRegistryState(DesiredState state) => state switch
    {
        DesiredState.Loaded => UnitDesiredState.Loaded,
        DesiredState.Launched => UnitDesiredState.Launched,
        _ => UnitDesiredState.Inactive,
    };
}
