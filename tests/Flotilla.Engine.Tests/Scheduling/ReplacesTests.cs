using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class ReplacesTests
{
    [Fact]
    public void The_replaced_unit_moves_off_the_machine()
    {
        var plan = new Cluster().Machine("a", "role=edge").Machine("b")
            .Unit("old.service", on: "a")
            .Unit("new.service", new FleetRequirements { Replaces = ["old.service"], Metadata = Cluster.Meta("role=edge") })
            .Decide();

        Assert.Equal([new Unschedule("old.service", "a", "replaced by new.service")], plan.Unschedules);
        Assert.Equal([new Schedule("new.service", "a"), new Schedule("old.service", "b")], plan.Schedules);
    }

    [Fact]
    public void An_assigned_replacer_pushes_the_replaced_unit_off()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("new.service", new FleetRequirements { Replaces = ["old*.service"] }, on: "a")
            .Unit("old.service", on: "a")
            .Decide();

        Assert.Equal([new Unschedule("old.service", "a", "replaced by new.service")], plan.Unschedules);
        Assert.Equal([new Schedule("old.service", "b")], plan.Schedules);
    }

    [Fact]
    public void The_replaced_unit_does_not_go_where_its_replacer_runs()
    {
        var plan = new Cluster().Machine("a")
            .Unit("new.service", new FleetRequirements { Replaces = ["old.service"] }, on: "a")
            .Unit("old.service")
            .Decide();

        Assert.Equal([new Unplaceable("old.service", "conflicts with new.service on every candidate")], plan.Unplaceables);
    }

    [Fact]
    public void Circular_replaces_are_ignored()
    {
        var plan = new Cluster().Machine("a")
            .Unit("x.service", new FleetRequirements { Replaces = ["y.service"] }, on: "a")
            .Unit("y.service", new FleetRequirements { Replaces = ["x.service"] }, on: "a")
            .Decide();

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_unit_never_replaces_its_own_peer()
    {
        // Validation rejects this combination; the engine must still settle instead of evicting in a loop.
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("web@2.service", on: "a")
            .Unit("web@3.service", new FleetRequirements { MachineOf = ["web@2.service"], Replaces = ["web@?.service"] })
            .Decide();

        Assert.Empty(plan.Unschedules);
        Assert.Equal([new Schedule("web@3.service", "a")], plan.Schedules);
    }

    [Fact]
    public void The_seed_that_once_flapped_now_settles()
    {
        var view = RandomCluster.Create(1972299022);
        var plan = Scheduler.Decide(view);
        var state = new Dictionary<string, string>(view.Assignments);
        foreach (var step in plan.Unschedules)
        {
            state.Remove(step.Unit);
        }

        foreach (var step in plan.Schedules)
        {
            state[step.Unit] = step.Machine;
        }

        var next = Scheduler.Decide(view with { Assignments = state });
        Assert.Empty(next.Unschedules);
        Assert.Empty(next.Schedules);
    }
}
