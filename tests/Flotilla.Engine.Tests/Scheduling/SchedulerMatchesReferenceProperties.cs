using Flotilla.Engine.Scheduling;
using FsCheck;
using FsCheck.Xunit;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>
/// The fast scheduler must decide exactly as the straightforward one it replaced: same unschedules,
/// schedules and unplaceables, in the same order, with the same reasons.
/// </summary>
public sealed class SchedulerMatchesReferenceProperties
{
    [Property(MaxTest = 1000)]
    public void Small_clusters_get_the_reference_plan(DoNotSize<int> seed) =>
        AssertSamePlan(RandomCluster.Create(seed.Item));

    [Property(MaxTest = 300)]
    public void Larger_clusters_get_the_reference_plan(DoNotSize<int> seed) =>
        AssertSamePlan(LargerRandomCluster.Create(seed.Item));

    [Property(MaxTest = 150)]
    public void Deciding_again_with_new_units_gets_the_reference_plan(DoNotSize<int> seed)
    {
        var view = LargerRandomCluster.Create(seed.Item);
        AssertSamePlan(LargerRandomCluster.AppliedWithNewUnits(view, Scheduler.Decide(view), seed.Item));
    }

    [Fact]
    public void The_large_cluster_test_gets_the_reference_plan()
    {
        var cluster = new Cluster();
        for (var m = 0; m < 12; m++)
        {
            cluster.Machine($"m{m:D3}", m % 2 == 0 ? "region=eu" : "region=us");
        }

        var eu = new Units.Fleet.FleetRequirements { Metadata = Cluster.Meta("region=eu") };
        var spread = new Units.Fleet.FleetRequirements { Conflicts = ["spread@*.service"] };
        for (var u = 0; u < 300; u++)
        {
            cluster.Unit($"app{u:D4}.service", u % 3 == 0 ? eu : null);
        }

        for (var u = 0; u < 15; u++)
        {
            cluster.Unit($"spread@{u}.service", spread);
        }

        AssertSamePlan(cluster.View());
    }

    private static void AssertSamePlan(ClusterView view)
    {
        var expected = new ReferenceSchedulingPass(view).Run();
        var actual = Scheduler.Decide(view);

        Assert.Equal(expected.Unschedules, actual.Unschedules);
        Assert.Equal(expected.Schedules, actual.Schedules);
        Assert.Equal(expected.Unplaceables, actual.Unplaceables);
    }
}
