using Flotilla.Runner.Dependencies;
using FsCheck;
using FsCheck.Xunit;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>
/// Planned transactions over random graphs, run against the in-memory runner with random units whose
/// start or stop fails: the executor keeps every ordering and never runs a cancelled job.
/// </summary>
public sealed class ExecutorProperties
{
    [Property(MaxTest = 200)]
    public async Task Jobs_begin_only_after_the_jobs_ordered_before_them_ended_and_cancelled_jobs_never_run(DoNotSize<int> seed)
    {
        var (graph, request) = RandomUnitGraphs.Case(seed.Item);
        var plan = new TransactionPlanner(graph).Plan(request);
        if (plan.IsRefused)
        {
            return;
        }

        var random = new Random(seed.Item);
        var target = new FakeUnitJobTarget();
        foreach (var unit in graph.Units)
        {
            target.With(unit.Name, unit.ActiveState);
            if (random.NextDouble() < 0.25)
            {
                target.FailingStarts.Add(unit.Name);
            }

            if (random.NextDouble() < 0.1)
            {
                target.FailingStops.Add(unit.Name);
            }
        }

        var transaction = plan.Transaction!;
        var outcome = await new TransactionExecutor(target).RunAsync(transaction, CancellationToken.None);

        var events = target.Events.ToList();
        Assert.Equal(transaction.Jobs.Count, outcome.Jobs.Count);
        Assert.Equal(transaction.Jobs.ToHashSet(), outcome.Jobs.Select(job => job.Job).ToHashSet());
        foreach (var ordering in transaction.Orderings)
        {
            var thenBegins = events.IndexOf($"begin {Call(ordering.Then)}");
            if (thenBegins >= 0 && ordering.First.Type != JobType.VerifyActive)
            {
                var firstEnds = events.IndexOf($"end {Call(ordering.First)}");
                Assert.True(firstEnds < 0 || firstEnds < thenBegins, $"{ordering.Then} began before {ordering.First} ended");
            }
        }

        foreach (var cancelled in outcome.Jobs.Where(job => job.Result == JobResult.Cancelled))
        {
            Assert.DoesNotContain($"begin {Call(cancelled.Job)}", events);
            Assert.StartsWith("dependency failed: ", cancelled.Reason, StringComparison.Ordinal);
        }
    }

    private static string Call(UnitJob job) => $"{(job.Type == JobType.Stop ? "stop" : "start")} {job.Unit}";
}
