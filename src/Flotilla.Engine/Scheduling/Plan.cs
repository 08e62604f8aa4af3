namespace Flotilla.Engine.Scheduling;

/// <summary>
/// The outcome of one scheduling pass. Apply unschedules before schedules: a unit that moves appears in
/// both, and conflicting units must leave a machine before their replacements arrive.
/// </summary>
public sealed record Plan(
    IReadOnlyList<Unschedule> Unschedules,
    IReadOnlyList<Schedule> Schedules,
    IReadOnlyList<Unplaceable> Unplaceables)
{
    /// <summary>True when the cluster already matches the desired state.</summary>
    public bool IsEmpty => Unschedules.Count == 0 && Schedules.Count == 0 && Unplaceables.Count == 0;
}
