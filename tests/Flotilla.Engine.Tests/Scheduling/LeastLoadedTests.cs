using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class LeastLoadedTests
{
    [Fact]
    public void Ties_go_to_the_lowest_machine_id()
    {
        var plan = new Cluster().Machine("c").Machine("a").Machine("b").Unit("web.service").Decide();

        Assert.Equal([new Schedule("web.service", "a")], plan.Schedules);
    }

    [Fact]
    public void Units_spread_over_machines_in_name_order()
    {
        var plan = new Cluster().Machine("m2").Machine("m1")
            .Unit("b.service").Unit("a.service").Unit("c.service")
            .Decide();

        Assert.Equal(
            [new Schedule("a.service", "m1"), new Schedule("b.service", "m2"), new Schedule("c.service", "m1")],
            plan.Schedules);
    }

    [Fact]
    public void Existing_assignments_count_as_load()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("old.service", on: "a")
            .Unit("new.service")
            .Decide();

        Assert.Equal([new Schedule("new.service", "b")], plan.Schedules);
        Assert.Empty(plan.Unschedules);
    }

    [Fact]
    public void Global_units_the_machine_qualifies_for_count_as_load()
    {
        var plan = new Cluster()
            .Machine("a", "role=edge").Machine("b", "role=core")
            .Unit("proxy.service", new FleetRequirements { Global = true, Metadata = Cluster.Meta("role=edge") })
            .Unit("web.service")
            .Decide();

        // a would win the tie, but runs the global proxy.
        Assert.Equal([new Schedule("web.service", "b")], plan.Schedules);
    }

    [Fact]
    public void Inactive_units_do_not_count_as_load()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("idle.service", desired: DesiredState.Inactive)
            .Unit("global.service", new FleetRequirements { Global = true }, DesiredState.Inactive)
            .Unit("web.service")
            .Decide();

        Assert.Equal([new Schedule("web.service", "a")], plan.Schedules);
    }

    [Fact]
    public void Global_units_are_never_scheduled()
    {
        var plan = new Cluster().Machine("a")
            .Unit("global.service", new FleetRequirements { Global = true })
            .Decide();

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_settled_cluster_yields_an_empty_plan()
    {
        var plan = new Cluster().Machine("a").Unit("web.service", on: "a").Decide();

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Missing_machines_within_grace_take_no_new_units()
    {
        var plan = new Cluster().Machine("a", missingFor: TimeSpan.FromSeconds(1)).Machine("b").Unit("web.service").Decide();

        Assert.Equal([new Schedule("web.service", "b")], plan.Schedules);
    }
}
