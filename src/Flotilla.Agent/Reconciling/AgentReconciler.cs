using Flotilla.Runner;

namespace Flotilla.Agent.Reconciling;

/// <summary>
/// The agent's decision, pure: what to do so that the runner has exactly the desired units, each in its
/// desired state. Tasks come in fleet's order (every unload, then loads, stops, starts), so a machine
/// frees what it gives up before it takes on anything new; within a phase, units go in name order.
/// </summary>
/// <remarks>
/// A unit whose hash changed (it was replaced) is reloaded in the load phase: stopped first if it runs,
/// then loaded with its new text, then started in the start phase if it should run.
/// <para>
/// <paramref name="started"/> (in <see cref="Plan"/>) names the units this agent has started and not
/// stopped since. A desired-running unit is started once; if it later exits or fails, its own
/// <c>Restart=</c> policy decides what happens, as under systemd, instead of the agent starting it again
/// on every pass (which would turn every unit into <c>Restart=always</c> and re-run finished oneshots).
/// It is started again after a replace, a stop/start from the user, or an agent restart.
/// </para>
/// </remarks>
public static class AgentReconciler
{
    /// <param name="desired">What this machine should have (its assignments and qualifying global units).</param>
    /// <param name="current">What the runner has loaded.</param>
    /// <param name="started">Units this agent started and has not stopped since.</param>
    public static IReadOnlyList<AgentTask> Plan(
        IReadOnlyCollection<DesiredUnit> desired,
        IReadOnlyCollection<UnitStatus> current,
        IReadOnlySet<string> started) =>
        [.. PlanPhases(desired, current, started).SelectMany(phase => phase).SelectMany(chain => chain)];

    /// <summary>
    /// The same tasks as <see cref="Plan"/>, grouped for running: phases in fleet's order (unload, load,
    /// stop, start), each a list of per-unit chains. Chains of one phase concern different units and may
    /// run at once (one slow unit does not hold up the others); the tasks of a chain (a reload's stop and
    /// load) run in order; a phase starts when the previous one is done.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IReadOnlyList<AgentTask>>> PlanPhases(
        IReadOnlyCollection<DesiredUnit> desired,
        IReadOnlyCollection<UnitStatus> current,
        IReadOnlySet<string> started)
    {
        var wanted = new Dictionary<string, DesiredUnit>(StringComparer.Ordinal);
        foreach (DesiredUnit unit in desired)
        {
            wanted[unit.Name] = unit;
        }

        var loaded = new Dictionary<string, UnitStatus>(StringComparer.Ordinal);
        foreach (UnitStatus status in current)
        {
            loaded[status.Name] = status;
        }

        var unloads = new List<IReadOnlyList<AgentTask>>();
        var loads = new List<IReadOnlyList<AgentTask>>();
        var stops = new List<IReadOnlyList<AgentTask>>();
        var starts = new List<IReadOnlyList<AgentTask>>();

        foreach (string name in loaded.Keys.Order(StringComparer.Ordinal))
        {
            if (!wanted.ContainsKey(name))
            {
                unloads.Add([AgentTask.Unload(name)]);
            }
        }

        foreach (DesiredUnit unit in wanted.Values.OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            bool wasStarted = started.Contains(unit.Name);
            if (!loaded.TryGetValue(unit.Name, out UnitStatus? status) || status.Hash != unit.Source.Hash)
            {
                loads.Add(status is not null && (IsRunning(status) || wasStarted)
                    ? [AgentTask.Stop(unit.Name), AgentTask.Load(unit.Source)]
                    : [AgentTask.Load(unit.Source)]);
                if (unit.Launch)
                {
                    starts.Add([AgentTask.Start(unit.Name)]);
                }

                continue;
            }

            if (unit.Launch)
            {
                if (!wasStarted && !IsRunning(status))
                {
                    starts.Add([AgentTask.Start(unit.Name)]);
                }
            }
            else if (wasStarted || IsRunning(status))
            {
                stops.Add([AgentTask.Stop(unit.Name)]);
            }
        }

        return [.. new[] { unloads, loads, stops, starts }.Where(phase => phase.Count > 0)];
    }

    /// <summary>Running, or on its way to running: a stop is needed to make it not run.</summary>
    public static bool IsRunning(UnitStatus status) =>
        status.ActiveState is UnitActiveState.Active or UnitActiveState.Activating or UnitActiveState.Reloading;
}
