using Flotilla.Registry.Layout;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// Replays the recorded assignment changes in revision order and finds the first moment every unit of
/// the burst had an assignment, and the first moment every one had it on a machine other than the dead one.
/// </summary>
internal sealed class BurstPlacement
{
    public BurstPlacement(IReadOnlyList<ClusterEvent> events, IReadOnlyCollection<string> units, string deadMachine)
    {
        var wanted = new HashSet<string>(units, StringComparer.Ordinal);
        var machineOf = new Dictionary<string, string>(StringComparer.Ordinal);
        int onDead = 0;
        foreach (ClusterEvent change in events)
        {
            if (change.Key is not { Kind: RegistryKeyKind.Assignment, Name: { } unit, Machine: { } machine } || !wanted.Contains(unit))
            {
                continue;
            }

            if (machineOf.Remove(unit, out string? previous) && previous == deadMachine)
            {
                onDead--;
            }

            if (change.IsPut)
            {
                machineOf[unit] = machine;
                if (machine == deadMachine)
                {
                    onDead++;
                }
            }

            if (machineOf.Count == wanted.Count)
            {
                AllAssignedAt ??= change.At;
                if (onDead == 0)
                {
                    AllOnLiveMachinesAt ??= change.At;
                }
            }
        }
    }

    public TimeSpan? AllAssignedAt { get; }

    public TimeSpan? AllOnLiveMachinesAt { get; }
}
