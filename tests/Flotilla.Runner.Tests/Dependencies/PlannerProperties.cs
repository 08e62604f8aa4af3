using Flotilla.Runner.Dependencies;
using Flotilla.Units.Services;
using FsCheck;
using FsCheck.Xunit;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>
/// Invariants over random small unit graphs (every dependency kind, random states, some names missing).
/// The seed is FsCheck's input, so a failure names the seed that rebuilds the graph.
/// </summary>
public sealed class PlannerProperties
{
    [Property(MaxTest = 400)]
    public void An_accepted_transaction_lists_each_job_after_every_job_it_waits_for(DoNotSize<int> seed)
    {
        var (graph, request) = RandomUnitGraphs.Case(seed.Item);
        var plan = new TransactionPlanner(graph).Plan(request);
        if (plan.IsRefused)
        {
            return;
        }

        var position = plan.Transaction!.Jobs.Select((job, index) => (job, index)).ToDictionary(pair => pair.job, pair => pair.index);
        Assert.Equal(position.Count, plan.Transaction.Jobs.Count);
        Assert.All(plan.Transaction.Orderings, o => Assert.True(position[o.First] < position[o.Then], $"{o.First} after {o.Then}"));
    }

    [Property(MaxTest = 400)]
    public void Every_cancellation_is_also_an_ordering_so_the_cancelled_job_has_not_begun(DoNotSize<int> seed)
    {
        var (graph, request) = RandomUnitGraphs.Case(seed.Item);
        var plan = new TransactionPlanner(graph).Plan(request);
        if (plan.IsRefused)
        {
            return;
        }

        var orderings = plan.Transaction!.Orderings.ToHashSet();
        Assert.All(plan.Transaction.Cancellations, c => Assert.Contains(new JobOrdering(c.Trigger, c.Cancelled), orderings));
    }

    [Property(MaxTest = 400)]
    public void An_accepted_transaction_has_the_request_and_at_most_a_stop_and_a_start_per_unit(DoNotSize<int> seed)
    {
        var (graph, request) = RandomUnitGraphs.Case(seed.Item);
        var plan = new TransactionPlanner(graph).Plan(request);
        if (plan.IsRefused)
        {
            Assert.False(string.IsNullOrWhiteSpace(plan.RefusalReason));
            return;
        }

        var transaction = plan.Transaction!;
        var expectedAnchor = request.Kind == JobRequestKind.Stop ? JobType.Stop : JobType.Start;
        Assert.Contains(new UnitJob(request.Unit, expectedAnchor), transaction.Anchors);
        foreach (var unitJobs in transaction.Jobs.GroupBy(job => job.Unit))
        {
            var types = unitJobs.Select(job => job.Type).Order().ToList();
            Assert.True(types.Count == 1 || types.SequenceEqual([JobType.Start, JobType.Stop]), $"{unitJobs.Key}: {string.Join(",", types)}");
            Assert.NotNull(graph.Find(unitJobs.Key));
        }
    }

    [Property(MaxTest = 400)]
    public void Every_start_has_what_it_needs_and_every_stop_takes_its_dependents_down(DoNotSize<int> seed)
    {
        var (graph, request) = RandomUnitGraphs.Case(seed.Item);
        var plan = new TransactionPlanner(graph).Plan(request);
        if (plan.IsRefused)
        {
            return;
        }

        Assert.Empty(UnmetNeeds(graph, plan.Transaction!));
    }

    /// <summary>Every way the transaction falls short of its own jobs' dependencies, as readable lines.</summary>
    internal static List<string> UnmetNeeds(UnitGraph graph, Transaction transaction)
    {
        var unmet = new List<string>();
        bool Has(string unit, JobType type) => transaction.Find(unit, type) is not null;
        foreach (var job in transaction.Jobs)
        {
            var unit = graph.Find(job.Unit)!;
            if (job.Type == JobType.Start)
            {
                foreach (var required in unit.Dependencies.Requires.Concat(unit.Dependencies.BindsTo).Where(name => name != job.Unit))
                {
                    if (!graph.Find(required)!.IsActiveOrReloading && !Has(required, JobType.Start))
                    {
                        unmet.Add($"{job} without {required}/start");
                    }
                }

                foreach (var requisite in unit.Dependencies.Requisite.Where(name => name != job.Unit))
                {
                    if (!graph.Find(requisite)!.IsActiveOrReloading && !Has(requisite, JobType.Start) && !Has(requisite, JobType.VerifyActive))
                    {
                        unmet.Add($"{job} without {requisite}/verify-active");
                    }
                }

                foreach (var conflicting in unit.Dependencies.Conflicts.Where(name => name != job.Unit && graph.Find(name) is not null))
                {
                    if (!graph.Find(conflicting)!.IsInactiveOrFailed && !Has(conflicting, JobType.Stop))
                    {
                        unmet.Add($"{job} without {conflicting}/stop");
                    }
                }
            }
            else if (job.Type == JobType.Stop && !Has(job.Unit, JobType.Start))
            {
                foreach (var dependent in graph.StopPropagatesTo(job.Unit))
                {
                    if (!graph.Find(dependent)!.IsInactiveOrFailed && !Has(dependent, JobType.Stop))
                    {
                        unmet.Add($"{job} without {dependent}/stop");
                    }
                }
            }
        }

        return unmet;
    }
}
