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
}
