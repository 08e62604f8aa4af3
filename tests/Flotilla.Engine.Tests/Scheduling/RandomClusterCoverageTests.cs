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

    [Fact]
    public void Larger_random_clusters_exercise_every_kind_of_step()
    {
        var plans = Enumerable.Range(0, 300).Select(seed => Scheduler.Decide(LargerRandomCluster.Create(seed))).ToList();
        var reasons = plans.SelectMany(p => p.Unplaceables.Select(u => u.Reason)
            .Concat(p.Unschedules.Select(u => u.Reason))).ToList();

        Assert.Contains(plans, p => p.Schedules.Count >= 100);
        Assert.Contains(reasons, r => r.StartsWith("replaced by", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("conflicts with", StringComparison.Ordinal) && r.EndsWith("every candidate", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("conflicts with", StringComparison.Ordinal) && !r.EndsWith("every candidate", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("peer ", StringComparison.Ordinal) && r.EndsWith(" moved", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("peer ", StringComparison.Ordinal) && r.Contains("is not on machine", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("peers ", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("takes no new units", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("no machine has metadata", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("machine ", StringComparison.Ordinal) && r.EndsWith("is gone", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("unit requires machine", StringComparison.Ordinal));
    }
}
