using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>The check after a job ends: a unit that runs while a unit it is bound to is down stops, once no job is pending on either.</summary>
public sealed class PlannerBindsToCheckTests
{
    private static readonly HashSet<string> NoJobs = [];

    private static TransactionPlanner Planner(UnitActiveState boundState, UnitActiveState targetState) => new(new UnitGraph(
    [
        Unit("bound.service", new() { BindsTo = ["target.service"] }, boundState),
        Unit("target.service", state: targetState),
        Unit("other.service", state: Active),
    ]));

    [Theory]
    [InlineData("target.service")]
    [InlineData("bound.service")]
    public void A_running_unit_bound_to_a_unit_that_is_down_stops_after_a_job_on_either(string jobUnit)
    {
        var stops = Planner(Active, UnitActiveState.Failed).BoundToInactive(jobUnit, NoJobs);

        Assert.Equal([new BoundUnitStop("bound.service", "target.service")], stops);
    }

    [Theory]
    [InlineData("target.service")]
    [InlineData("bound.service")]
    public void Nothing_stops_while_a_job_is_pending_on_either_unit(string busy)
    {
        Assert.Empty(Planner(Active, Inactive).BoundToInactive("target.service", new HashSet<string> { busy }));
    }

    [Fact]
    public void Nothing_stops_when_the_bound_unit_is_down_or_the_target_runs()
    {
        Assert.Empty(Planner(Inactive, Inactive).BoundToInactive("target.service", NoJobs));
        Assert.Empty(Planner(Active, Active).BoundToInactive("target.service", NoJobs));
    }

    [Fact]
    public void A_job_on_an_unrelated_unit_stops_nothing()
    {
        Assert.Empty(Planner(Active, Inactive).BoundToInactive("other.service", NoJobs));
    }
}
