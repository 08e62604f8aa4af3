using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>After=/Before= ordering and ordering cycles.</summary>
public sealed class PlannerOrderingTests
{
    [Fact]
    public void Ordering_alone_pulls_nothing_in()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { After = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["a.service/start"], JobSet(transaction));
    }

    [Fact]
    public void Jobs_follow_a_chain_of_After_and_Before_whatever_the_names()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["z.service", "m.service", "b.service"], After = ["z.service"] }),
            Unit("z.service", new() { After = ["m.service"] }),
            Unit("m.service"),
            Unit("b.service", new() { Before = ["m.service"] }));

        Assert.Equal(["b.service/start", "m.service/start", "z.service/start", "a.service/start"], JobOrder(transaction));
    }

    [Fact]
    public void A_cycle_of_needed_jobs_is_refused_naming_every_job_in_it()
    {
        var plan = Plan(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], After = ["b.service"] }),
            Unit("b.service", new() { Requires = ["c.service"], After = ["c.service"] }),
            Unit("c.service", new() { After = ["a.service"] }));

        Assert.True(plan.IsRefused);
        Assert.Equal(
            "Transaction order is cyclic: a.service/start -> c.service/start -> b.service/start -> a.service/start (each runs before the next), and every job in it is needed.",
            plan.RefusalReason);
    }

    [Fact]
    public void A_cycle_through_a_wanted_unit_is_broken_by_dropping_that_unit()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service"], After = ["b.service"] }),
            Unit("b.service", new() { After = ["a.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Equal(
            ["Job b.service/start deleted to break ordering cycle a.service/start -> b.service/start -> a.service/start"],
            transaction.Notes);
    }

    [Fact]
    public void Breaking_a_cycle_also_drops_what_only_the_dropped_unit_pulled_in()
    {
        // The cycle is a -> b -> c -> a; b is the first job in it that a does not need, and c goes with it.
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service"], Before = ["b.service"] }),
            Unit("b.service", new() { Requires = ["c.service"], Before = ["c.service"] }),
            Unit("c.service", new() { Before = ["a.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Equal(
            ["Job b.service/start deleted to break ordering cycle a.service/start -> b.service/start -> c.service/start -> a.service/start"],
            transaction.Notes);
    }

    [Fact]
    public void Breaking_a_cycle_also_drops_the_jobs_that_required_the_dropped_unit()
    {
        // c is in the cycle; b is not, but b requires c, so without c b cannot start either.
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service", "c.service"], Before = ["c.service"] }),
            Unit("b.service", new() { Requires = ["c.service"] }),
            Unit("c.service", new() { Before = ["a.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Equal(
            ["Job c.service/start deleted to break ordering cycle a.service/start -> c.service/start -> a.service/start"],
            transaction.Notes);
    }

    [Fact]
    public void A_stop_and_a_start_ordered_both_ways_are_no_cycle()
    {
        // Stops always go first, so a conflict between units ordered against each other still has an order.
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Conflicts = ["b.service"], After = ["b.service"] }),
            Unit("b.service", new() { After = ["a.service"] }, Active));

        Assert.Equal(["b.service/stop", "a.service/start"], JobOrder(transaction));
    }

    [Fact]
    public void Unordered_jobs_have_no_ordering_between_them()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service", "c.service"], After = ["b.service", "c.service"] }),
            Unit("b.service"),
            Unit("c.service"));

        Assert.Equal(["b.service/start < a.service/start", "c.service/start < a.service/start"], Orderings(transaction));
        Assert.Equal([Job("b.service/start"), Job("c.service/start")], transaction.WaitsFor(Job("a.service/start")).Order(JobComparer.Instance));
    }
}
