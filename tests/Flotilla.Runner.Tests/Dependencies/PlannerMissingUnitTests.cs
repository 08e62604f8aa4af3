using Flotilla.Runner.Dependencies;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>Dependencies on names that are not loaded, or loaded with a broken file.</summary>
public sealed class PlannerMissingUnitTests
{
    [Theory]
    [InlineData("Requires")]
    [InlineData("BindsTo")]
    [InlineData("Requisite")]
    public void A_hard_requirement_that_is_not_loaded_refuses_the_start_naming_it(string kind)
    {
        var dependencies = kind switch
        {
            "Requires" => new Flotilla.Units.Services.UnitDependencies { Requires = ["missing.service"] },
            "BindsTo" => new Flotilla.Units.Services.UnitDependencies { BindsTo = ["missing.service"] },
            _ => new Flotilla.Units.Services.UnitDependencies { Requisite = ["missing.service"] },
        };

        var plan = Plan(JobRequest.Start("a.service"), Unit("a.service", dependencies));

        Assert.True(plan.IsRefused);
        Assert.Equal("Unit missing.service not found.", plan.RefusalReason);
    }

    [Fact]
    public void A_missing_unit_deep_in_the_requirements_is_the_one_named()
    {
        var plan = Plan(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"] }),
            Unit("b.service", new() { Requires = ["c.service"] }));

        Assert.Equal("Unit c.service not found.", plan.RefusalReason);
    }

    [Fact]
    public void A_wanted_unit_that_is_not_loaded_is_ignored_with_a_note()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["missing.service"], After = ["missing.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Equal(["Cannot add dependency job for a.service, ignoring: Unit missing.service not found."], transaction.Notes);
    }

    [Fact]
    public void A_wanted_unit_whose_requirement_is_missing_is_left_out_and_the_start_goes_on()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["b.service"] }),
            Unit("b.service", new() { Requires = ["c.service", "missing.service"] }),
            Unit("c.service"));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Equal(["Cannot add dependency job for a.service, ignoring: Unit missing.service not found."], transaction.Notes);
    }

    [Fact]
    public void A_requirement_whose_file_is_broken_refuses_the_start_with_the_load_error()
    {
        var plan = Plan(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"] }),
            new UnitSnapshot("b.service", Flotilla.Units.Services.UnitDependencies.None, Inactive, UnitLoadState.Error, "b.service:3: Type=Simple is not valid"));

        Assert.Equal("Unit b.service failed to load properly: b.service:3: Type=Simple is not valid.", plan.RefusalReason);
    }

    [Fact]
    public void Starting_a_unit_that_is_not_loaded_is_refused()
    {
        var plan = Plan(JobRequest.Start("x.service"), Unit("a.service"));

        Assert.Equal("Unit x.service not found.", plan.RefusalReason);
    }

    [Fact]
    public void Stopping_a_unit_that_is_not_loaded_is_refused()
    {
        var plan = Plan(JobRequest.Stop("x.service"), Unit("a.service"));

        Assert.Equal("Unit x.service not loaded.", plan.RefusalReason);
    }

    [Fact]
    public void Ordering_and_conflicts_on_units_that_are_not_loaded_change_nothing()
    {
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { After = ["missing.service"], Before = ["other.service"], Conflicts = ["gone.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
        Assert.Empty(transaction.Orderings);
    }

    [Fact]
    public void A_unit_that_needs_a_missing_unit_through_a_requirement_cycle_is_left_out_too()
    {
        // y requires x and x requires y; y also requires a missing unit, so neither can start, even though
        // x was wanted on its own as well.
        var transaction = Accepted(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Wants = ["y.service", "x.service"] }),
            Unit("y.service", new() { Requires = ["x.service", "missing.service"] }),
            Unit("x.service", new() { Requires = ["y.service"] }));

        Assert.Equal(["a.service/start"], JobSet(transaction));
    }

    [Fact]
    public void A_requirement_cycle_that_reaches_a_missing_unit_refuses_the_start()
    {
        var plan = Plan(
            JobRequest.Start("a.service"),
            Unit("a.service", new() { Requires = ["b.service"] }),
            Unit("b.service", new() { Requires = ["a.service", "missing.service"] }));

        Assert.Equal("Unit missing.service not found.", plan.RefusalReason);
    }
}
