using Flotilla.Engine.Scheduling;
using FsCheck;
using FsCheck.Xunit;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>
/// Invariants over random small clusters. The seed is FsCheck's input so a failure reports the seed
/// that rebuilds the cluster.
/// </summary>
public sealed class SchedulerProperties
{
    [Property(MaxTest = 500)]
    public void No_unit_is_placed_twice(DoNotSize<int> seed)
    {
        var view = RandomCluster.Create(seed.Item);
        var plan = Scheduler.Decide(view);

        Assert.Equal(plan.Schedules.Count, plan.Schedules.Select(s => s.Unit).Distinct().Count());
        var kept = Apply(view, plan, out _);
        Assert.All(plan.Unplaceables, u => Assert.False(kept.ContainsKey(u.Unit)));
    }

    [Property(MaxTest = 500)]
    public void No_placement_violates_a_constraint(DoNotSize<int> seed)
    {
        var view = RandomCluster.Create(seed.Item);
        var plan = Scheduler.Decide(view);
        var final = Apply(view, plan, out var units);
        var machines = view.Machines.ToDictionary(m => m.Id);

        foreach (var (name, machineId) in final)
        {
            var unit = units[name];
            Assert.True(unit.NeedsMachine, $"{name} needs no machine");
            Assert.True(machines.TryGetValue(machineId, out var machine), $"{name} on unknown {machineId}");
            Assert.False(view.IsGone(machine!), $"{name} on gone {machineId}");
            Assert.True(PlacementRules.MatchesMachineId(unit.Requirements.MachineId, machineId), $"{name} pinned elsewhere");
            Assert.True(PlacementRules.MatchesMetadata(unit.Requirements, machine!), $"{name} metadata on {machineId}");
            Assert.All(unit.Requirements.MachineOf, peer => Assert.Equal(machineId, final.GetValueOrDefault(peer)));
            foreach (var (otherName, otherMachine) in final)
            {
                if (otherName != name && otherMachine == machineId)
                {
                    Assert.False(PlacementRules.Conflict(unit, units[otherName]), $"{name} conflicts with {otherName}");
                }
            }
        }

        // Units placed in this pass on a machine that was already present must have gone to a live one.
        Assert.All(plan.Schedules, s => Assert.True(machines[s.Machine].IsPresent));
    }

    [Property(MaxTest = 500)]
    public void Every_unit_that_should_run_is_placed_or_explained(DoNotSize<int> seed)
    {
        var view = RandomCluster.Create(seed.Item);
        var plan = Scheduler.Decide(view);
        var final = Apply(view, plan, out var units);
        var explained = plan.Unplaceables.Select(u => u.Unit).ToHashSet();

        Assert.All(
            units.Values.Where(u => u.NeedsMachine),
            u => Assert.True(final.ContainsKey(u.Name) ^ explained.Contains(u.Name), u.Name));
    }

    [Property(MaxTest = 500)]
    public void The_plan_does_not_depend_on_input_order(DoNotSize<int> seed, DoNotSize<int> shuffle)
    {
        var view = RandomCluster.Create(seed.Item);
        var plan = Scheduler.Decide(view);
        var again = Scheduler.Decide(RandomCluster.Shuffled(view, shuffle.Item));

        Assert.Equal(plan.Unschedules, again.Unschedules);
        Assert.Equal(plan.Schedules, again.Schedules);
        Assert.Equal(plan.Unplaceables, again.Unplaceables);
    }

    [Property(MaxTest = 500)]
    public void Deciding_again_after_the_plan_changes_nothing(DoNotSize<int> seed)
    {
        // A leader that re-runs on its own writes must not flap units between machines.
        var view = RandomCluster.Create(seed.Item);
        var plan = Scheduler.Decide(view);
        var next = Scheduler.Decide(view with { Assignments = Apply(view, plan, out _) });

        Assert.Empty(next.Unschedules);
        Assert.Empty(next.Schedules);
        Assert.Equal(plan.Unplaceables, next.Unplaceables);
    }

    [Property(MaxTest = 500)]
    public void No_unit_is_moved_back_to_the_machine_it_left(DoNotSize<int> seed) => AssertNoRoundTrips(seed.Item);

    [Fact]
    public void The_seed_that_once_moved_a_unit_away_and_back_no_longer_does() => AssertNoRoundTrips(952187354);

    private static void AssertNoRoundTrips(int seed)
    {
        // Such a round trip would restart the unit for nothing.
        var plan = Scheduler.Decide(RandomCluster.Create(seed));
        var left = plan.Unschedules.Select(u => (u.Unit, u.Machine)).ToHashSet();

        Assert.All(plan.Schedules, s => Assert.DoesNotContain((s.Unit, s.Machine), left));
    }

    /// <summary>Applies the plan the way the engine's writer will, failing on steps that do not fit.</summary>
    private static Dictionary<string, string> Apply(ClusterView view, Plan plan, out Dictionary<string, ClusterUnit> units)
    {
        units = view.Units.ToDictionary(u => u.Name);
        var state = new Dictionary<string, string>(view.Assignments);
        foreach (var step in plan.Unschedules)
        {
            Assert.True(state.TryGetValue(step.Unit, out var machine) && machine == step.Machine, $"bad {step}");
            state.Remove(step.Unit);
        }

        foreach (var step in plan.Schedules)
        {
            Assert.True(state.TryAdd(step.Unit, step.Machine), $"{step.Unit} scheduled twice");
        }

        return state;
    }
}
