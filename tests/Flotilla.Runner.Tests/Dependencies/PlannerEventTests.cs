using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>Reactions to a unit that became inactive or failed on its own: BindsTo= and OnFailure=.</summary>
public sealed class PlannerEventTests
{
    private static readonly UnitSnapshot[] Units =
    [
        Unit("a.service", new() { OnFailure = ["alert.service"] }),
        Unit("bound.service", new() { BindsTo = ["a.service"] }, Active),
        Unit("bound-inactive.service", new() { BindsTo = ["a.service"] }),
        Unit("requires.service", new() { Requires = ["a.service"] }, Active),
        Unit("partof.service", new() { PartOf = ["a.service"] }, Active),
        Unit("on-bound.service", new() { Requires = ["bound.service"], After = ["bound.service"] }, Active),
        Unit("alert.service"),
    ];

    [Fact]
    public void A_unit_that_became_inactive_stops_only_the_active_units_bound_to_it()
    {
        var planner = new TransactionPlanner(new UnitGraph(Units));

        Assert.Equal([JobRequest.Stop("bound.service")], planner.ReactionsTo(UnitEvent.BecameInactive("a.service")));
    }

    [Fact]
    public void The_stop_of_a_bound_unit_propagates_like_any_stop()
    {
        var planner = new TransactionPlanner(new UnitGraph(Units));

        var plan = Assert.Single(planner.PlanReactions(UnitEvent.BecameInactive("a.service")));

        Assert.Equal(["on-bound.service/stop", "bound.service/stop"], JobOrder(plan.Transaction!));
    }

    [Fact]
    public void A_failed_unit_stops_its_bound_units_and_starts_its_OnFailure_units()
    {
        var planner = new TransactionPlanner(new UnitGraph(Units));

        var plans = planner.PlanReactions(UnitEvent.Failed("a.service"));

        Assert.Equal([JobRequest.Stop("bound.service"), JobRequest.Start("alert.service")], plans.Select(p => p.Request));
        Assert.Equal(["alert.service/start"], JobSet(plans[1].Transaction!));
    }

    [Fact]
    public void A_missing_OnFailure_unit_refuses_its_own_reaction_only()
    {
        var planner = new TransactionPlanner(new UnitGraph(
        [
            Unit("a.service", new() { OnFailure = ["missing.service", "alert.service"] }),
            Unit("alert.service"),
        ]));

        var plans = planner.PlanReactions(UnitEvent.Failed("a.service"));

        Assert.Equal(2, plans.Count);
        Assert.Equal("Unit missing.service not found.", plans[0].RefusalReason);
        Assert.False(plans[1].IsRefused);
    }

    [Fact]
    public void Becoming_inactive_does_not_start_OnFailure_units()
    {
        var planner = new TransactionPlanner(new UnitGraph(Units));

        Assert.DoesNotContain(JobRequest.Start("alert.service"), planner.ReactionsTo(UnitEvent.BecameInactive("a.service")));
    }

    [Fact]
    public void A_unit_with_no_dependents_causes_no_reaction()
    {
        var planner = new TransactionPlanner(new UnitGraph(Units));

        Assert.Empty(planner.ReactionsTo(UnitEvent.Failed("alert.service")));
    }
}
