using System.Diagnostics;
using Flotilla.Registry;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// Watches the cluster's assignments and unit states from one revision on and notes when every unit was
/// placed (has an assignment) and when every expected state is active: one per non-global unit, one per
/// matching machine per global unit. The clock is the caller's stopwatch, started at the first submit.
/// </summary>
internal sealed class LaunchTracker(RegistryLayout layout, ScaleWorkload workload, Stopwatch clock)
{
    private readonly Dictionary<string, string> _assignments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _globals = [.. workload.Units.Where(u => u.IsGlobal).Select(u => u.Name)];
    private readonly HashSet<string> _expectedGlobalStates = [.. workload.Units.Where(u => u.IsGlobal)
        .SelectMany(u => workload.Machines.Where(u.RunsOn).Select(m => u.Name + "/" + m.Id))];

    // Per non-global unit, the machines reporting it active; per global unit and matching machine, one entry.
    private readonly Dictionary<string, HashSet<string>> _activeOn = new(StringComparer.Ordinal);
    private readonly HashSet<string> _activeGlobalStates = new(StringComparer.Ordinal);
    private int _nonGlobalUnits;
    private long _assignmentWrites;

    public int NonGlobalTotal { get; } = workload.Units.Count(u => !u.IsGlobal);

    /// <summary>Non-global units with an assignment now.</summary>
    public int Placed { get; private set; }

    /// <summary>Expected states active now.</summary>
    public int Launched { get; private set; }

    /// <summary>Assignment records written (placements, counting moves), including any after all were placed.</summary>
    public long AssignmentWrites => Interlocked.Read(ref _assignmentWrites);

    public TimeSpan? AllPlacedAt { get; private set; }

    public TimeSpan? AllLaunchedAt { get; private set; }

    public async Task RunAsync(IRegistry registry, long fromRevision, CancellationToken cancellationToken)
    {
        await foreach (WatchBatch batch in registry.WatchAsync(layout.Prefix, fromRevision, cancellationToken))
        {
            lock (this)
            {
                foreach (WatchEvent change in batch.Events)
                {
                    Apply(change);
                }

                Placed = _assignments.Count;
                Launched = _nonGlobalUnits + _activeGlobalStates.Count;
                if (AllPlacedAt is null && Placed >= NonGlobalTotal)
                {
                    AllPlacedAt = clock.Elapsed;
                }

                if (AllLaunchedAt is null && Launched >= workload.ExpectedStates)
                {
                    AllLaunchedAt = clock.Elapsed;
                    return;
                }
            }
        }
    }

    private void Apply(WatchEvent change)
    {
        if (layout.Parse(change.Item.Key) is not { } key || key.Name is not { } unit || key.Machine is not { } machine)
        {
            return;
        }

        bool put = change.Kind == WatchEventKind.Put;
        switch (key.Kind)
        {
            case RegistryKeyKind.Assignment when put:
                Interlocked.Increment(ref _assignmentWrites);
                _assignments[unit] = machine;
                break;
            case RegistryKeyKind.Assignment when _assignments.GetValueOrDefault(unit) == machine:
                _assignments.Remove(unit);
                break;
            case RegistryKeyKind.State:
                bool active = put && RegistryRecordCodec.Decode<UnitStateRecord>(change.Item).ActiveState == "active";
                if (_globals.Contains(unit))
                {
                    string state = unit + "/" + machine;
                    if (active && _expectedGlobalStates.Contains(state))
                    {
                        _activeGlobalStates.Add(state);
                    }
                    else
                    {
                        _activeGlobalStates.Remove(state);
                    }
                }
                else
                {
                    SetActive(unit, machine, active);
                }

                break;
        }
    }

    private void SetActive(string unit, string machine, bool active)
    {
        if (!_activeOn.TryGetValue(unit, out HashSet<string>? machines))
        {
            machines = new HashSet<string>(StringComparer.Ordinal);
            _activeOn[unit] = machines;
        }

        bool before = machines.Count > 0;
        if (active)
        {
            machines.Add(machine);
        }
        else
        {
            machines.Remove(machine);
        }

        _nonGlobalUnits += (machines.Count > 0 ? 1 : 0) - (before ? 1 : 0);
    }
}
