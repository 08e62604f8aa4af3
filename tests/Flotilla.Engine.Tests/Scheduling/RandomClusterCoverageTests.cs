using Flotilla.Engine.Scheduling;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>Guards the property tests against a generator that stopped producing interesting clusters.</summary>
public sealed class RandomClusterCoverageTests
{
    [Fact]
    public void Random_clusters_exercise_every_kind_of_step()
    {
        var plans = Enumerable.Range(0, 2000).Select(seed => Scheduler.Decide(RandomCluster.Create(seed))).ToList();
        var reasons = plans.SelectMany(p => p.Unplaceables.Select(u => u.Reason.Split(' ')[0])
            .Concat(p.Unschedules.Select(u => u.Reason.Split(' ')[0]))).ToHashSet();

        Assert.Contains(plans, p => p.Schedules.Count >= 2);
        Assert.Contains(plans, p => p.Unschedules.Count >= 2);
        Assert.Contains(plans, p => p.Unplaceables.Count >= 2);
        Assert.Contains("replaced", reasons);
        Assert.Contains("conflicts", reasons);
        Assert.Contains("peer", reasons);
        Assert.Contains("machine", reasons);
    }
}
