using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>Conflicts=: starting one unit stops the other, whichever of the two declared it.</summary>
public sealed class PlannerConflictTests
{
    [Fact]
    public void Starting_a_unit_stops_the_active_unit_it_conflicts_with()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Conflicts = ["b.service"] }),
            Unit("b.service", state: Active));

        Assert.Equal(["a.service/start", "b.service/stop"], JobSet(transaction));
        Assert.Empty(transaction.Orderings);
    }

    [Fact]
    public void Starting_a_unit_stops_an_active_unit_that_conflicts_with_it()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service"),
            Unit("b.service", new() { Conflicts = ["a.service"] }, Active));

        Assert.Equal(["a.service/start", "b.service/stop"], JobSet(transaction));
    }

    [Fact]
    public void An_inactive_conflicting_unit_needs_no_job()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Conflicts = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["a.service/start"], JobSet(transaction));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void With_an_ordering_in_either_direction_the_stop_goes_first_and_its_failure_cancels_the_start(bool after)
    {
        var dependencies = after
            ? new Flotilla.Units.Services.UnitDependencies { Conflicts = ["b.service"], After = ["b.service"] }
            : new Flotilla.Units.Services.UnitDependencies { Conflicts = ["b.service"], Before = ["b.service"] };
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", dependencies),
            Unit("b.service", state: Active));

        Assert.Equal(["b.service/stop", "a.service/start"], JobOrder(transaction));
        Assert.Equal(["b.service/stop cancels a.service/start"], Cancellations(transaction));
    }

    [Fact]
    public void A_conflict_declared_by_the_other_unit_orders_but_its_failed_stop_cancels_nothing()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service"),
            Unit("b.service", new() { Conflicts = ["a.service"], After = ["a.service"] }, Active));

        Assert.Equal(["b.service/stop", "a.service/start"], JobOrder(transaction));
        Assert.Empty(transaction.Cancellations);
    }

    [Fact]
    public void A_required_unit_that_conflicts_with_us_refuses_the_transaction()
    {
        var plan = Plan(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"] }),
            Unit("b.service", new() { Conflicts = ["a.service"] }));

        Assert.True(plan.IsRefused);
        Assert.Equal(
            "Transaction contains conflicting jobs 'start' and 'stop' for a.service. Probably contradicting requirement dependencies configured.",
            plan.RefusalReason);
    }

    [Fact]
    public void A_wanted_unit_that_conflicts_with_us_is_left_out()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service"] }),
            Unit("b.service", new() { Conflicts = ["a.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Contains("Fixing conflicting jobs a.service/start,a.service/stop by deleting job a.service/stop", transaction.Notes);
    }

    [Fact]
    public void Two_wanted_units_that_conflict_keep_the_one_that_declared_the_conflict()
    {
        // b and c are both only wanted; c declared Conflicts=b, so c starts and b's start is dropped.
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service", "c.service"] }),
            Unit("b.service"),
            Unit("c.service", new() { Conflicts = ["b.service"] }));

        Assert.Equal(["a.service/start", "c.service/start"], JobSet(transaction));
        Assert.Contains("Fixing conflicting jobs b.service/start,b.service/stop by deleting job b.service/start", transaction.Notes);
    }

    [Fact]
    public void Two_wanted_units_that_conflict_keep_the_declaring_one_whichever_is_wanted_first()
    {
        // b declared Conflicts=c: b's start pulls c's stop, c's start pulls b's (ignorable) stop. Nothing is
        // needed, so stops go rather than starts, except the stop a Conflicts= asked for: c's start goes.
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service", "c.service"] }),
            Unit("b.service", new() { Conflicts = ["c.service"] }),
            Unit("c.service"));

        Assert.Equal(["a.service/start", "b.service/start"], JobSet(transaction));
    }

    [Fact]
    public void Stopping_a_conflicting_unit_also_stops_what_requires_it()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Conflicts = ["b.service"] }),
            Unit("b.service", state: Active),
            Unit("c.service", new() { Requires = ["b.service"], After = ["b.service"] }, Active));

        Assert.Equal(["a.service/start", "b.service/stop", "c.service/stop"], JobSet(transaction));
        Assert.Equal(["c.service/stop < b.service/stop"], Orderings(transaction));
    }

    [Fact]
    public void A_job_needed_only_once_merged_keeps_what_it_pulls_in_when_a_conflict_is_solved()
    {
        // x is wanted (start) and requisite (verify-active): merged, its start is needed, and so is the
        // stop of y it conflicts with and the stop of z that is part of y. z's wanted start must go.
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requisite = ["x.service"], Wants = ["x.service", "z.service"] }),
            Unit("x.service", new() { Conflicts = ["y.service"] }),
            Unit("y.service", state: Active),
            Unit("z.service", new() { PartOf = ["y.service"] }));

        Assert.Equal(["a.service/start", "x.service/start", "y.service/stop"], JobSet(transaction));
        Assert.Contains("Fixing conflicting jobs z.service/start,z.service/stop by deleting job z.service/start", transaction.Notes);
    }
}
