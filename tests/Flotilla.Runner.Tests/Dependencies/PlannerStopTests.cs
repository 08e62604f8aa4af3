using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>Explicit stops and restarts, and how they propagate to the units that depend on the unit.</summary>
public sealed class PlannerStopTests
{
    [Fact]
    public void Stop_propagates_to_active_units_that_require_bind_to_are_part_of_or_are_requisite_of_it()
    {
        var transaction = Accepted(
            JobRequest.Stop("a.service"),
            Unit("a.service", state: Active),
            Unit("requires.service", new() { Requires = ["a.service"] }, Active),
            Unit("bindsto.service", new() { BindsTo = ["a.service"] }, Active),
            Unit("partof.service", new() { PartOf = ["a.service"] }, Active),
            Unit("requisite.service", new() { Requisite = ["a.service"] }, Active),
            Unit("wants.service", new() { Wants = ["a.service"] }, Active),
            Unit("inactive.service", new() { Requires = ["a.service"] }));

        Assert.Equal(
            ["a.service/stop", "bindsto.service/stop", "partof.service/stop", "requires.service/stop", "requisite.service/stop"],
            JobSet(transaction));
    }

    [Fact]
    public void Stop_does_not_reach_the_units_a_unit_requires()
    {
        var transaction = Accepted(
            JobRequest.Stop("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], BindsTo = ["c.service"] }, Active),
            Unit("b.service", state: Active),
            Unit("c.service", state: Active));

        Assert.Equal(["a.service/stop"], JobSet(transaction));
    }

    [Fact]
    public void Stops_run_in_reverse_order_and_propagate_transitively()
    {
        var transaction = Accepted(
            JobRequest.Stop("a.service"),
            Unit("a.service", state: Active),
            Unit("b.service", new() { Requires = ["a.service"], After = ["a.service"] }, Active),
            Unit("c.service", new() { PartOf = ["b.service"], After = ["b.service"] }, Active));

        Assert.Equal(["c.service/stop", "b.service/stop", "a.service/stop"], JobOrder(transaction));
        Assert.Empty(transaction.Cancellations);
    }

    [Fact]
    public void The_requested_stop_stays_even_when_the_unit_is_inactive()
    {
        var transaction = Accepted(JobRequest.Stop("a.service"), Unit("a.service"));

        Assert.Equal(["a.service/stop"], JobSet(transaction));
    }

    [Fact]
    public void Restart_is_a_stop_then_a_start_and_a_failed_stop_cancels_the_start()
    {
        var transaction = Accepted(JobRequest.Restart("a.service"), Unit("a.service", state: Active));

        Assert.Equal(["a.service/stop", "a.service/start"], JobOrder(transaction));
        Assert.Equal(["a.service/stop cancels a.service/start"], Cancellations(transaction));
        Assert.Equal([Job("a.service/stop"), Job("a.service/start")], transaction.Anchors);
    }

    [Fact]
    public void Restart_propagates_to_running_dependents_only()
    {
        var transaction = Accepted(
            JobRequest.Restart("a.service"),
            Unit("a.service", state: Active),
            Unit("requires.service", new() { Requires = ["a.service"] }, Active),
            Unit("partof.service", new() { PartOf = ["a.service"] }, Active),
            Unit("stopped.service", new() { Requires = ["a.service"] }),
            Unit("wants.service", new() { Wants = ["a.service"] }, Active));

        Assert.Equal(
            ["a.service/start", "a.service/stop", "partof.service/start", "partof.service/stop", "requires.service/start", "requires.service/stop"],
            JobSet(transaction));
    }

    [Fact]
    public void Restarting_ordered_units_stops_in_reverse_order_then_starts_in_order()
    {
        var transaction = Accepted(
            JobRequest.Restart("a.service"),
            Unit("a.service", state: Active),
            Unit("b.service", new() { Requires = ["a.service"], After = ["a.service"] }, Active));

        Assert.Equal(["b.service/stop", "a.service/stop", "a.service/start", "b.service/start"], JobOrder(transaction));
        Assert.Equal(
            ["a.service/start cancels b.service/start", "a.service/stop cancels a.service/start", "b.service/stop cancels b.service/start"],
            Cancellations(transaction));
    }

    [Fact]
    public void Restart_starts_requirements_that_are_not_running()
    {
        var transaction = Accepted(
            JobRequest.Restart("a.service"),
            Unit("a.service", new() { Requires = ["b.service"], After = ["b.service"] }, Active),
            Unit("b.service"));

        Assert.Equal(["a.service/stop", "b.service/start", "a.service/start"], JobOrder(transaction));
    }

    [Fact]
    public void A_running_dependent_whose_file_is_now_broken_refuses_the_restart()
    {
        var plan = Plan(
            JobRequest.Restart("a.service"),
            Unit("a.service", state: Active),
            new UnitSnapshot("b.service", new() { Requires = ["a.service"] }, Active, UnitLoadState.Error, "bad line"));

        Assert.Equal("Unit b.service failed to load properly: bad line.", plan.RefusalReason);
    }
}
