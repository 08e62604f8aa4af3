using System.Diagnostics;
using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

public sealed class LargeClusterTests
{
    [Fact]
    public void Thousands_of_units_are_placed_evenly_and_quickly()
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

        // Generous bound (about 3 s alone, slower beside the property tests): it guards against the
        // quadratic-per-placement regression (21 s), it is not a benchmark.
        var clock = Stopwatch.StartNew();
        var plan = cluster.Decide();
        clock.Stop();

        Assert.Empty(plan.Unplaceables);
        Assert.Equal(3050, plan.Schedules.Count);
        var perMachine = plan.Schedules.GroupBy(s => s.Machine).Select(g => g.Count()).ToList();
        Assert.Equal(50, perMachine.Count);
        Assert.True(perMachine.Max() - perMachine.Min() <= 1, $"uneven: {perMachine.Min()}..{perMachine.Max()}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }
}
