using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class MachineRuleTests
{
    private const string FullA = "aaaaaaaa11112222333344445555666a";
    private const string FullB = "bbbbbbbb11112222333344445555666b";

    [Fact]
    public void MachineId_pins_the_unit_by_full_id()
    {
        var plan = new Cluster().Machine(FullA).Machine(FullB)
            .Unit("web.service", new FleetRequirements { MachineId = FullB })
            .Decide();

        Assert.Equal([new Schedule("web.service", FullB)], plan.Schedules);
    }

    [Fact]
    public void MachineId_accepts_the_short_id()
    {
        var plan = new Cluster().Machine(FullA).Machine(FullB)
            .Unit("web.service", new FleetRequirements { MachineId = "bbbbbbbb" })
            .Decide();

        Assert.Equal([new Schedule("web.service", FullB)], plan.Schedules);
    }

    [Fact]
    public void MachineId_of_an_unknown_machine_is_unplaceable()
    {
        var plan = new Cluster().Machine(FullA)
            .Unit("web.service", new FleetRequirements { MachineId = "1234abcd" })
            .Decide();

        Assert.Equal([new Unplaceable("web.service", "machine 1234abcd is not in the cluster")], plan.Unplaceables);
    }

    [Fact]
    public void Metadata_values_are_ored_and_keys_anded()
    {
        var requirements = new FleetRequirements { Metadata = Cluster.Meta("region=eu", "region=us", "disk=ssd") };
        var plan = new Cluster()
            .Machine("a", "region=eu,disk=hdd")
            .Machine("b", "region=ap,disk=ssd")
            .Machine("c", "region=us,disk=ssd")
            .Unit("db.service", requirements)
            .Decide();

        Assert.Equal([new Schedule("db.service", "c")], plan.Schedules);
    }

    [Fact]
    public void Metadata_keys_must_be_present()
    {
        var plan = new Cluster().Machine("a")
            .Unit("db.service", new FleetRequirements { Metadata = Cluster.Meta("region=eu") })
            .Decide();

        Assert.Equal([new Unplaceable("db.service", "no machine has metadata region=eu")], plan.Unplaceables);
    }

    [Fact]
    public void Metadata_not_excludes_machines()
    {
        var plan = new Cluster().Machine("a", "disk=hdd").Machine("b", "disk=ssd")
            .Unit("db.service", new FleetRequirements { MetadataNot = Cluster.Meta("disk=hdd") })
            .Decide();

        Assert.Equal([new Schedule("db.service", "b")], plan.Schedules);
    }

    [Fact]
    public void Metadata_not_holds_where_the_key_is_absent()
    {
        var plan = new Cluster().Machine("a", "disk=hdd").Machine("b")
            .Unit("db.service", new FleetRequirements { MetadataNot = Cluster.Meta("disk=hdd") })
            .Decide();

        Assert.Equal([new Schedule("db.service", "b")], plan.Schedules);
    }

    [Fact]
    public void Metadata_rules_that_never_hold_together_are_named_together()
    {
        var plan = new Cluster().Machine("a", "region=eu").Machine("b", "disk=ssd")
            .Unit("db.service", new FleetRequirements { Metadata = Cluster.Meta("region=eu", "disk=ssd") })
            .Decide();

        Assert.Equal("no machine has metadata disk=ssd and region=eu", Assert.Single(plan.Unplaceables).Reason);
    }

    [Fact]
    public void No_machines_at_all_is_a_reason()
    {
        var plan = new Cluster().Unit("web.service").Decide();

        Assert.Equal([new Unplaceable("web.service", "no machines in the cluster")], plan.Unplaceables);
    }
}
