using Flotilla.Agent.Reconciling;
using Flotilla.Runner;

namespace Flotilla.Agent.Tests.Reconciling;

public sealed class AgentReconcilerTests
{
    private static readonly HashSet<string> NoneStarted = [];

    private static DesiredUnit Want(string name, bool launch, string hash = "h1") =>
        new(new UnitSource(name, $"[Service]\nExecStart=/bin/{hash}\n", hash), launch, IsGlobal: false);

    private static UnitStatus Has(string name, UnitActiveState state = UnitActiveState.Inactive, string hash = "h1") =>
        new(name, hash, UnitLoadState.Loaded, state, state == UnitActiveState.Active ? "running" : "dead", "success", null, null, DateTimeOffset.UnixEpoch);

    private static string[] Plan(IReadOnlyCollection<DesiredUnit> desired, IReadOnlyCollection<UnitStatus> current, IReadOnlySet<string>? started = null) =>
        [.. AgentReconciler.Plan(desired, current, started ?? NoneStarted).Select(t => t.ToString())];

    [Fact]
    public void Nothing_desired_and_nothing_loaded_is_nothing_to_do() => Assert.Empty(Plan([], []));

    [Fact]
    public void A_new_launched_unit_is_loaded_then_started() =>
        Assert.Equal(["load a.service", "start a.service"], Plan([Want("a.service", launch: true)], []));

    [Fact]
    public void A_new_loaded_unit_is_only_loaded() =>
        Assert.Equal(["load a.service"], Plan([Want("a.service", launch: false)], []));

    [Fact]
    public void The_load_task_carries_the_registry_text_and_hash()
    {
        DesiredUnit unit = Want("a.service", launch: false, hash: "abc");
        AgentTask task = Assert.Single(AgentReconciler.Plan([unit], [], NoneStarted));
        Assert.Equal(unit.Source, task.Source);
    }

    [Fact]
    public void A_unit_no_longer_desired_is_unloaded_whatever_its_state()
    {
        Assert.Equal(["unload a.service", "unload b.service"], Plan([], [Has("b.service", UnitActiveState.Active), Has("a.service")]));
    }

    [Fact]
    public void A_running_unit_desired_loaded_is_stopped() =>
        Assert.Equal(["stop a.service"], Plan([Want("a.service", launch: false)], [Has("a.service", UnitActiveState.Active)]));

    [Fact]
    public void A_unit_this_agent_started_is_stopped_when_desired_loaded_even_if_it_already_exited() =>
        Assert.Equal(["stop a.service"], Plan([Want("a.service", launch: false)], [Has("a.service", UnitActiveState.Failed)], new HashSet<string> { "a.service" }));

    [Fact]
    public void An_inactive_unit_desired_loaded_needs_nothing() =>
        Assert.Empty(Plan([Want("a.service", launch: false)], [Has("a.service")]));

    [Fact]
    public void A_loaded_unit_desired_launched_is_started() =>
        Assert.Equal(["start a.service"], Plan([Want("a.service", launch: true)], [Has("a.service")]));

    [Theory]
    [InlineData(UnitActiveState.Active)]
    [InlineData(UnitActiveState.Activating)]
    [InlineData(UnitActiveState.Reloading)]
    public void A_running_unit_desired_launched_needs_nothing(UnitActiveState state) =>
        Assert.Empty(Plan([Want("a.service", launch: true)], [Has("a.service", state)]));

    [Theory]
    [InlineData(UnitActiveState.Failed)]
    [InlineData(UnitActiveState.Inactive)]
    public void A_started_unit_that_exited_or_failed_is_left_to_its_restart_policy(UnitActiveState state) =>
        Assert.Empty(Plan([Want("a.service", launch: true)], [Has("a.service", state)], new HashSet<string> { "a.service" }));

    [Fact]
    public void A_failed_unit_not_started_by_this_agent_is_started() =>
        Assert.Equal(["start a.service"], Plan([Want("a.service", launch: true)], [Has("a.service", UnitActiveState.Failed)]));

    [Fact]
    public void A_changed_hash_reloads_a_running_unit_stop_load_start() =>
        Assert.Equal(
            ["stop a.service", "load a.service", "start a.service"],
            Plan([Want("a.service", launch: true, hash: "h2")], [Has("a.service", UnitActiveState.Active, hash: "h1")], new HashSet<string> { "a.service" }));

    [Fact]
    public void A_changed_hash_of_an_inactive_loaded_unit_only_loads_the_new_text() =>
        Assert.Equal(["load a.service"], Plan([Want("a.service", launch: false, hash: "h2")], [Has("a.service", hash: "h1")]));

    [Fact]
    public void A_changed_hash_of_a_running_unit_desired_loaded_stops_and_loads_without_starting() =>
        Assert.Equal(["stop a.service", "load a.service"], Plan([Want("a.service", launch: false, hash: "h2")], [Has("a.service", UnitActiveState.Active, hash: "h1")]));

    [Fact]
    public void Tasks_come_in_fleets_order_unload_load_stop_start_each_phase_by_name()
    {
        string[] plan = Plan(
            [
                Want("z-new.service", launch: true),
                Want("a-new.service", launch: false),
                Want("m-stop.service", launch: false),
                Want("b-start.service", launch: true),
            ],
            [
                Has("y-gone.service", UnitActiveState.Active),
                Has("c-gone.service"),
                Has("m-stop.service", UnitActiveState.Active),
                Has("b-start.service"),
            ]);

        Assert.Equal(
            [
                "unload c-gone.service", "unload y-gone.service",
                "load a-new.service", "load z-new.service",
                "stop m-stop.service",
                "start b-start.service", "start z-new.service",
            ],
            plan);
    }

    [Fact]
    public void Phases_group_each_units_tasks_into_chains_and_keep_a_reloads_stop_before_its_load()
    {
        var phases = AgentReconciler.PlanPhases(
            [Want("a.service", launch: true, hash: "h2"), Want("b.service", launch: true), Want("c.service", launch: false)],
            [Has("a.service", UnitActiveState.Active, hash: "h1"), Has("c.service", UnitActiveState.Active), Has("gone.service")],
            NoneStarted);

        string[][][] shape = [.. phases.Select(phase => phase.Select(chain => chain.Select(t => t.ToString()).ToArray()).ToArray())];
        Assert.Equal(4, shape.Length);
        Assert.Equal([["unload gone.service"]], shape[0]);
        Assert.Equal([["stop a.service", "load a.service"], ["load b.service"]], shape[1]);
        Assert.Equal([["stop c.service"]], shape[2]);
        Assert.Equal([["start a.service"], ["start b.service"]], shape[3]);
    }

    [Fact]
    public void Empty_phases_are_left_out() =>
        Assert.Single(AgentReconciler.PlanPhases([Want("a.service", launch: false)], [], NoneStarted));

    [Fact]
    public void Planning_twice_after_applying_the_plan_finds_nothing_more_to_do()
    {
        DesiredUnit[] desired = [Want("a.service", launch: true), Want("b.service", launch: false)];
        Assert.Equal(["load a.service", "load b.service", "start a.service"], Plan(desired, []));
        Assert.Empty(Plan(desired, [Has("a.service", UnitActiveState.Active), Has("b.service")], new HashSet<string> { "a.service" }));
    }
}
