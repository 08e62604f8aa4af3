namespace Flotilla.Engine.Scheduling;

/// <summary>
/// The candidate machines that satisfy one set of metadata rules. The rules and the candidates do not
/// change during a pass, so units with the same rules share the group and its load order.
/// </summary>
internal sealed class MachineGroup(int[] machines)
{
    /// <summary>Candidate machine indexes in ID order.</summary>
    public int[] Machines { get; } = machines;

    /// <summary>The same machines by load; null when the pass keeps too many orders up to date already.</summary>
    public LoadOrder? Order { get; set; }

    /// <summary>Why no machine qualifies, once asked (only when <see cref="Machines"/> is empty).</summary>
    public string? EmptyReason { get; set; }
}
