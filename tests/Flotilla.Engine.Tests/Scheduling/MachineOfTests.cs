using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class MachineOfTests
{
    private static readonly FleetRequirements FollowsDb = new() { MachineOf = ["db.service"] };

    [Fact]
    public void A_unit_goes_where_its_peer_is()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("db.service", on: "b")
            .Unit("app.service", FollowsDb)
            .Decide();

        Assert.Equal([new Schedule("app.service", "b")], plan.Schedules);
    }

    [Fact]
    public void A_unit_waits_for_a_peer_placed_in_the_same_pass()
    {
        // app sorts before db yet must follow it.
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("other.service", on: "a")
            .Unit("app.service", FollowsDb)
            .Unit("db.service")
            .Decide();

        Assert.Equal([new Schedule("db.service", "b"), new Schedule("app.service", "b")], plan.Schedules);
    }

    [Fact]
    public void The_pair_moves_together_when_its_machine_goes()
    {
        var plan = new Cluster().Machine("a", missingFor: TimeSpan.FromMinutes(1)).Machine("b").Machine("c")
            .Unit("db.service", on: "a")
            .Unit("app.service", FollowsDb, on: "a")
            .Unit("busy.service", on: "b")
            .Decide();

        Assert.Equal(2, plan.Unschedules.Count);
        Assert.Equal([new Schedule("db.service", "c"), new Schedule("app.service", "c")], plan.Schedules);
    }

    [Fact]
    public void The_peer_is_placed_where_its_follower_can_run_too()
    {
        var plan = new Cluster().Machine("a").Machine("b", "region=eu")
            .Unit("app.service", new FleetRequirements { MachineOf = ["db.service"], Metadata = Cluster.Meta("region=eu") })
            .Unit("db.service")
            .Decide();

        Assert.Equal([new Schedule("db.service", "b"), new Schedule("app.service", "b")], plan.Schedules);
    }

    [Fact]
    public void A_follower_leaves_when_its_peer_moves()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("db.service", new FleetRequirements { MachineId = "b" }, on: "a")
            .Unit("app.service", FollowsDb, on: "a")
            .Decide();

        Assert.Contains(new Unschedule("app.service", "a", "peer db.service moved"), plan.Unschedules);
        Assert.Equal([new Schedule("db.service", "b"), new Schedule("app.service", "b")], plan.Schedules);
    }

    [Fact]
    public void A_unit_whose_peer_is_not_scheduled_is_unplaceable()
    {
        var plan = new Cluster().Machine("a")
            .Unit("db.service", desired: DesiredState.Inactive)
            .Unit("app.service", FollowsDb)
            .Decide();

        Assert.Equal([new Unplaceable("app.service", "peer db.service is not scheduled")], plan.Unplaceables);
    }

    [Fact]
    public void Peers_on_different_machines_are_named()
    {
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("db.service", on: "a")
            .Unit("cache.service", on: "b")
            .Unit("app.service", new FleetRequirements { MachineOf = ["db.service", "cache.service"] })
            .Decide();

        Assert.Equal(
            [new Unplaceable("app.service", "peers cache.service, db.service are on different machines")],
            plan.Unplaceables);
    }

    [Fact]
    public void A_follower_keeps_its_machine_and_draws_its_unplaced_peer_there()
    {
        // Without the pull, db would take the idle machine a and app would leave b and come back.
        var plan = new Cluster().Machine("a").Machine("b")
            .Unit("app.service", FollowsDb, on: "b")
            .Unit("db.service")
            .Decide();

        Assert.Empty(plan.Unschedules);
        Assert.Equal([new Schedule("db.service", "b")], plan.Schedules);
    }

    [Fact]
    public void A_follower_leaves_when_its_peer_cannot_join_it()
    {
        var plan = new Cluster().Machine("a").Machine("b", "region=eu")
            .Unit("app.service", FollowsDb, on: "a")
            .Unit("db.service", new FleetRequirements { Metadata = Cluster.Meta("region=eu") })
            .Decide();

        Assert.Equal([new Unschedule("app.service", "a", "peer db.service is not on machine a")], plan.Unschedules);
        Assert.Equal([new Schedule("db.service", "b"), new Schedule("app.service", "b")], plan.Schedules);
    }
}
