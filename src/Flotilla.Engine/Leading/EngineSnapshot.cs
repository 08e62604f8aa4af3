using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;

namespace Flotilla.Engine.Leading;

/// <summary>
/// What one pass of the leader works from, copied out of the <see cref="RegistryMirror"/> at one
/// revision: the scheduler's view plus what turning a plan into writes needs (hashes, reasons already
/// stored, assignments that must go whatever the plan says).
/// </summary>
/// <param name="UnitHashes">The hash of every usable unit, written into its assignment.</param>
/// <param name="StoredAssignments">The record stored in each unit's assignment in the view (null when unreadable).</param>
/// <param name="DuplicateAssignments">Assignments beyond the first of a unit placed twice (never written by a leader, but removed if found).</param>
/// <param name="Reasons">The placement reasons now in the registry, by unit.</param>
/// <param name="UnusableUnits">Units whose record cannot be scheduled, with the reason to record.</param>
/// <param name="StoredGlobals">The global unit index now in the registry, by unit (null when unreadable).</param>
internal sealed record EngineSnapshot(
    long Revision,
    ClusterView View,
    IReadOnlyDictionary<string, string> UnitHashes,
    IReadOnlyDictionary<string, AssignmentRecord?> StoredAssignments,
    IReadOnlyList<MachineUnit> DuplicateAssignments,
    IReadOnlyDictionary<string, string> Reasons,
    IReadOnlyList<Unplaceable> UnusableUnits,
    IReadOnlyDictionary<string, GlobalUnitRecord?> StoredGlobals);
