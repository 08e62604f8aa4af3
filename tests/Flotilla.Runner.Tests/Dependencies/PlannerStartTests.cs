using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>What starting a unit pulls in: Requires=, BindsTo=, Wants=, Requisite=, and what is left out.</summary>
public sealed class PlannerStartTests
{
    [Fact]
    public void Requires_with_After_starts_the_required_unit_first_and_its_failure_cancels_ours()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], After = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["b.service/start", "a.service/start"], JobOrder(transaction));
        Assert.Equal(["b.service/start < a.service/start"], Orderings(transaction));
        Assert.Equal(["b.service/start cancels a.service/start"], Cancellations(transaction));
        Assert.Equal([Job("a.service/start")], transaction.Anchors);
    }

    [Fact]
    public void Requires_without_ordering_starts_both_in_parallel_and_cancels_nothing()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["a.service/start", "b.service/start"], JobSet(transaction));
        Assert.Empty(transaction.Orderings);
        Assert.Empty(transaction.Cancellations);
    }

    [Fact]
    public void Requires_with_Before_on_the_required_unit_orders_like_After_on_ours()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"] }),
            Unit("b.service", new() { Before = ["a.service"] }));

        Assert.Equal(["b.service/start < a.service/start"], Orderings(transaction));
        Assert.Equal(["b.service/start cancels a.service/start"], Cancellations(transaction));
    }

    [Fact]
    public void BindsTo_with_After_starts_like_Requires()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { BindsTo = ["b.service"], After = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["b.service/start", "a.service/start"], JobOrder(transaction));
        Assert.Equal(["b.service/start cancels a.service/start"], Cancellations(transaction));
    }

    [Fact]
    public void Wants_starts_the_wanted_unit_but_its_failure_cancels_nothing_even_when_ordered()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service"], After = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["b.service/start", "a.service/start"], JobOrder(transaction));
        Assert.Empty(transaction.Cancellations);
    }

    [Fact]
    public void Requisite_verifies_the_unit_is_active_instead_of_starting_it()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requisite = ["b.service"], After = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["b.service/verify-active", "a.service/start"], JobOrder(transaction));
        Assert.Equal(["b.service/verify-active cancels a.service/start"], Cancellations(transaction));
    }

    [Fact]
    public void Requisite_on_an_active_unit_needs_no_job()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requisite = ["b.service"], After = ["b.service"] }),
            Unit("b.service", state: Active));

        Assert.Equal(["a.service/start"], JobSet(transaction));
    }

    [Fact]
    public void Requisite_and_Requires_on_the_same_unit_merge_into_a_start()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requisite = ["b.service"], Wants = ["c.service"] }),
            Unit("c.service", new() { Requires = ["b.service"] }),
            Unit("b.service"));

        Assert.Equal(["a.service/start", "b.service/start", "c.service/start"], JobSet(transaction));
    }

    [Fact]
    public void Requirements_chain_in_order()
    {
        var transaction = Accepted(
            JobRequest.Start("c.service"),
            Unit("c.service", new() { Requires = ["b.service"], After = ["b.service"] }),
            Unit("b.service", new() { Requires = ["a.service"], After = ["a.service"] }),
            Unit("a.service"));

        Assert.Equal(["a.service/start", "b.service/start", "c.service/start"], JobOrder(transaction));
        Assert.Equal(
            ["a.service/start cancels b.service/start", "b.service/start cancels c.service/start"],
            Cancellations(transaction));
    }

    [Fact]
    public void An_active_requirement_gets_no_job_and_its_own_requirements_are_left_alone()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], After = ["b.service"] }),
            Unit("b.service", new() { Requires = ["c.service"] }, Active),
            Unit("c.service"));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Empty(transaction.Cancellations);
    }

    [Fact]
    public void The_requested_start_stays_even_when_the_unit_is_already_active()
    {
        var transaction = Accepted(JobRequest.Start("a.service"), Unit("a.service", state: Active));

        Assert.Equal(["a.service/start"], JobSet(transaction));
    }

    [Fact]
    public void Units_that_require_each_other_start_together_without_a_cycle()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"] }),
            Unit("b.service", new() { Requires = ["a.service"] }));

        Assert.Equal(["a.service/start", "b.service/start"], JobSet(transaction));
    }

    [Fact]
    public void A_unit_that_lists_itself_needs_nothing_more()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["a.service"], After = ["a.service"], Conflicts = ["a.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Empty(transaction.Orderings);
    }

    [Fact]
    public void Start_does_not_stop_or_start_units_that_merely_depend_on_it()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service"),
            Unit("b.service", new() { Requires = ["a.service"], After = ["a.service"] }),
            Unit("c.service", new() { PartOf = ["a.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
    }
}
