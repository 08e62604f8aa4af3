using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class UnscheduleTests
{
    [Fact]
    public void Inactive_units_are_unscheduled()
    {
        var plan = new Cluster().Machine("a").Unit("web.service", desired: DesiredState.Inactive, on: "a").Decide();

        Assert.Equal([new Unschedule("web.service", "a", "desired state is inactive")], plan.Unschedules);
        Assert.Empty(plan.Schedules);
    }

    [Fact]
    public void Units_of_a_machine_gone_past_grace_move()
    {
        var plan = new Cluster()
            .Machine("a", missingFor: Cluster.Grace)
            .Machine("b")
            .Unit("web.service", on: "a")
            .Decide();

        Assert.Equal([new Unschedule("web.service", "a", "machine a is gone")], plan.Unschedules);
        Assert.Equal([new Schedule("web.service", "b")], plan.Schedules);
    }

    [Fact]
    public void Units_of_a_machine_missing_within_grace_stay()
    {
        var plan = new Cluster()
            .Machine("a", missingFor: Cluster.Grace - TimeSpan.FromSeconds(1))
            .Machine("b")
            .Unit("web.service", on: "a")
            .Decide();

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Units_of_an_unknown_machine_move()
    {
        var plan = new Cluster().Machine("b").Unit("web.service", on: "x").Decide();

        Assert.Equal([new Unschedule("web.service", "x", "machine x is not in the cluster")], plan.Unschedules);
        Assert.Equal([new Schedule("web.service", "b")], plan.Schedules);
    }

    [Fact]
    public void Units_move_when_the_machine_loses_the_metadata()
    {
        var plan = new Cluster().Machine("a", "region=us").Machine("b", "region=eu")
            .Unit("db.service", new FleetRequirements { Metadata = Cluster.Meta("region=eu") }, on: "a")
            .Decide();

        Assert.Equal([new Unschedule("db.service", "a", "machine a no longer has metadata region=eu")], plan.Unschedules);
        Assert.Equal([new Schedule("db.service", "b")], plan.Schedules);
    }

    [Fact]
    public void Units_move_when_pinned_elsewhere()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("db.service", new FleetRequirements { MachineId = "b" }, on: "a")
            .Decide();

        Assert.Equal([new Unschedule("db.service", "a", "unit requires machine b")], plan.Unschedules);
        Assert.Equal([new Schedule("db.service", "b")], plan.Schedules);
    }

    [Fact]
    public void Assignments_of_unsubmitted_and_global_units_are_dropped()
    {
        var plan = new Cluster().Machine("a")
            .Unit("global.service", new FleetRequirements { Global = true }, on: "a")
            .Assign("ghost.service", "a")
            .Decide();

        Assert.Equal(
            [
                new Unschedule("ghost.service", "a", "unit is not submitted"),
                new Unschedule("global.service", "a", "global units are not scheduled by the engine"),
            ],
            plan.Unschedules);
    }
}
