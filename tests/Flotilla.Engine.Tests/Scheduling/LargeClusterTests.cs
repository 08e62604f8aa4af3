using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class LargeClusterTests
{
    [Fact]
    public void Thousands_of_units_are_placed_evenly()
    {
        var cluster = new Cluster();
        for (var m = 0; m < 50; m++)
        {
            cluster.Machine($"m{m:D3}", m % 2 == 0 ? "region=eu" : "region=us");
        }

        var eu = new FleetRequirements { Metadata = Cluster.Meta("region=eu") };
        var spread = new FleetRequirements { Conflicts = ["spread@*.service"] };
        for (var u = 0; u < 3000; u++)
        {
            cluster.Unit($"app{u:D4}.service", u % 3 == 0 ? eu : null);
        }

        for (var u = 0; u < 50; u++)
        {
            cluster.Unit($"spread@{u}.service", spread);
        }

        // Speed is for bench/, not for a timed test; this checks the outcome at a size that matters.
        var plan = cluster.Decide();

        Assert.Empty(plan.Unplaceables);
        Assert.Equal(3050, plan.Schedules.Count);
        var perMachine = plan.Schedules.GroupBy(s => s.Machine).Select(g => g.Count()).ToList();
        Assert.Equal(50, perMachine.Count);
        Assert.True(perMachine.Max() - perMachine.Min() <= 1, $"uneven: {perMachine.Min()}..{perMachine.Max()}");
    }
}
