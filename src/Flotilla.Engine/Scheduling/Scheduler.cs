namespace Flotilla.Engine.Scheduling;

/// <summary>
/// The engine's placement decision as a pure function: the same view always yields the same plan,
/// whatever the order of its inputs, so the leader can be tested without a registry or a clock.
/// </summary>
public static class Scheduler
{
    public static Plan Decide(ClusterView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new SchedulingPass(view).Run();
    }
}
