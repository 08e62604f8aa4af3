namespace Flotilla.Engine.Scheduling;

/// <summary>
/// Everything one scheduling decision reads: submitted units, known machines, current assignments
/// (unit name to machine ID) and the clock. Immutable so <see cref="Scheduler.Decide"/> stays pure.
/// </summary>
public sealed record ClusterView(
    IReadOnlyList<ClusterUnit> Units,
    IReadOnlyList<ClusterMachine> Machines,
    IReadOnlyDictionary<string, string> Assignments,
    DateTimeOffset Now,
    TimeSpan MachineGrace)
{
    /// <summary>Whether a missing machine has been missing for at least the grace, so its units move.</summary>
    public bool IsGone(ClusterMachine machine) =>
        machine.MissingSince is { } since && Now - since >= MachineGrace;
}
