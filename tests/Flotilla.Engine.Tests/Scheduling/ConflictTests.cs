using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class ConflictTests
{
    [Fact]
    public void A_unit_avoids_machines_running_what_it_conflicts_with()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("web@1.service", on: "b")
            .Unit("other.service", on: "a")
            .Unit("web@2.service", new FleetRequirements { Conflicts = ["web@*.service"] })
            .Decide();

        Assert.Equal([new Schedule("web@2.service", "a")], plan.Schedules);
    }

    [Fact]
    public void Conflicts_are_checked_in_the_other_direction_too()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("web@1.service", new FleetRequirements { Conflicts = ["web@*.service"] }, on: "a")
            .Unit("other.service", on: "b")
            .Unit("web@2.service")
            .Decide();

        Assert.Equal([new Schedule("web@2.service", "b")], plan.Schedules);
    }

    [Fact]
    public void A_unit_never_conflicts_with_itself()
    {
        var plan = new Cluster().Machine("a")
            .Unit("web@1.service", new FleetRequirements { Conflicts = ["web@*.service"] }, on: "a")
            .Decide();

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Conflicting_units_are_unplaceable_when_every_candidate_conflicts()
    {
        var plan = new Cluster().Machine("a")
            .Unit("web@1.service", new FleetRequirements { Conflicts = ["web@*.service"] })
            .Unit("web@2.service", new FleetRequirements { Conflicts = ["web@*.service"] })
            .Decide();

        Assert.Equal([new Schedule("web@1.service", "a")], plan.Schedules);
        Assert.Equal([new Unplaceable("web@2.service", "conflicts with web@1.service on every candidate")], plan.Unplaceables);
    }

    [Fact]
    public void Of_two_conflicting_assigned_units_the_later_name_moves()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("web@1.service", on: "a")
            .Unit("web@2.service", new FleetRequirements { Conflicts = ["web@*.service"] }, on: "a")
            .Decide();

        Assert.Equal([new Unschedule("web@2.service", "a", "conflicts with web@1.service")], plan.Unschedules);
        Assert.Equal([new Schedule("web@2.service", "b")], plan.Schedules);
    }
}
