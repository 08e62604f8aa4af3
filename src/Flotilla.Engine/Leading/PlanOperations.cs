using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;

namespace Flotilla.Engine.Leading;

/// <summary>
/// Turns a plan into the registry writes that carry it out, in the order they must land: assignments
/// removed first, then assignments added, then reasons. Batches keep this order, so a unit that moves
/// leaves its old machine no later than it reaches the new one and is never assigned twice.
/// </summary>
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

        foreach (Schedule schedule in plan.Schedules)
        {
            operations.Add(PutAssignment(layout, schedule.Unit, schedule.Machine, snapshot.UnitHashes[schedule.Unit]));
        }

        // A unit replaced in place (new text, same machine) keeps its assignment with the new hash, which
        // is how its agent learns to restart it.
        foreach (var (unit, machine) in snapshot.View.Assignments)
        {
            if (!leaving.Contains(unit)
                && snapshot.UnitHashes.TryGetValue(unit, out string? hash)
                && snapshot.AssignmentHashes[unit] != hash)
            {
                operations.Add(PutAssignment(layout, unit, machine, hash));
            }
        }

        AddReasons(operations, snapshot, plan, layout, now);
        return operations;
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

    private static RegistryOperation PutAssignment(RegistryLayout layout, string unit, string machine, string hash) =>
        RegistryOperation.Put(layout.AssignmentKey(machine, unit), RegistryRecordCodec.Encode(new AssignmentRecord(unit, machine, hash)));
}
