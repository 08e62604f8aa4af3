using Flotilla.Agent.Reconciling;
using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;
using Flotilla.Units.Syntax;

namespace Flotilla.Agent.Tests.Reconciling;

public sealed class DesiredUnitSelectorTests
{
    private static readonly ClusterMachine Web = new("m1", new Dictionary<string, string> { ["role"] = "web", ["region"] = "eu" });

    private static KnownUnit Unit(string name, string fleet = "", UnitDesiredState state = UnitDesiredState.Launched)
    {
        string text = "[Service]\nExecStart=/bin/sleep 100\n" + (fleet.Length > 0 ? "\n[X-Fleet]\n" + fleet + "\n" : "");
        return KnownUnit.From(new UnitRecord(name, text, UnitFileParser.Parse(name, text).Hash, state));
    }

    private static Dictionary<string, KnownUnit> Units(params KnownUnit[] units) => units.ToDictionary(u => u.Name);

    /// <summary>
    /// Selects with <paramref name="assigned"/> (those that have a text in <paramref name="units"/>) as the
    /// machine's assignments and every unit offered as a global candidate, so the selector itself must
    /// tell the global ones (by their text) from the rest.
    /// </summary>
    private static string[] Select(ClusterMachine machine, IEnumerable<string> assigned, Dictionary<string, KnownUnit> units) =>
        [.. DesiredUnitSelector.Select(machine, Assigned(assigned, units), units.Values)
            .Select(d => $"{d.Name}:{(d.Launch ? "launched" : "loaded")}{(d.IsGlobal ? ":global" : "")}")];

    private static List<KnownUnit> Assigned(IEnumerable<string> names, Dictionary<string, KnownUnit> units) =>
        [.. names.Where(units.ContainsKey).Select(name => units[name])];

    [Fact]
    public void Assigned_units_are_desired_in_their_desired_state() =>
        Assert.Equal(
            ["a.service:launched", "b.service:loaded"],
            Select(Web, ["b.service", "a.service"], Units(Unit("a.service"), Unit("b.service", state: UnitDesiredState.Loaded), Unit("c.service"))));

    [Fact]
    public void Assigned_units_desired_inactive_or_destroyed_are_not_desired() =>
        Assert.Empty(Select(Web, ["a.service", "gone.service"], Units(Unit("a.service", state: UnitDesiredState.Inactive))));

    [Fact]
    public void Desired_units_carry_the_registry_text_and_hash()
    {
        KnownUnit unit = Unit("a.service");
        DesiredUnit desired = Assert.Single(DesiredUnitSelector.Select(Web, [unit], []));
        Assert.Equal(unit.Record.Text, desired.Source.Text);
        Assert.Equal(unit.Record.Hash, desired.Source.Hash);
    }

    [Fact]
    public void Global_units_run_where_their_metadata_matches() =>
        Assert.Equal(
            ["any.service:launched:global", "web.service:launched:global"],
            Select(Web, [], Units(
                Unit("any.service", "Global=true"),
                Unit("web.service", "Global=true\nMachineMetadata=role=web"),
                Unit("db.service", "Global=true\nMachineMetadata=role=db"),
                Unit("not-us.service", "Global=true\nMachineMetadata=region!=eu"),
                Unit("placed.service"))));

    [Fact]
    public void Global_units_desired_inactive_are_not_desired_and_loaded_ones_are_only_loaded() =>
        Assert.Equal(
            ["loaded.service:loaded:global"],
            Select(Web, [], Units(Unit("off.service", "Global=true", UnitDesiredState.Inactive), Unit("loaded.service", "Global=true", UnitDesiredState.Loaded))));

    [Fact]
    public void A_global_unit_that_conflicts_with_an_assigned_unit_is_not_desired_either_way()
    {
        Assert.Equal(
            ["app.service:launched"],
            Select(Web, ["app.service"], Units(Unit("app.service"), Unit("g.service", "Global=true\nConflicts=app*"))));
        Assert.Equal(
            ["app.service:launched"],
            Select(Web, ["app.service"], Units(Unit("app.service", "Conflicts=g.service"), Unit("g.service", "Global=true"))));
    }

    [Fact]
    public void Between_conflicting_global_units_name_order_decides() =>
        Assert.Equal(
            ["a-global.service:launched:global", "c-other.service:launched:global"],
            Select(Web, [], Units(
                Unit("b-global.service", "Global=true\nConflicts=a-global.service"),
                Unit("a-global.service", "Global=true"),
                Unit("c-other.service", "Global=true"))));

    [Fact]
    public void A_unit_whose_text_cannot_be_read_is_never_global_but_still_runs_where_assigned()
    {
        KnownUnit broken = Unit("bad.service", "Global=true\nMachineMetadata=role=");
        Assert.False(broken.IsGlobal);
        Assert.Empty(Select(Web, [], Units(broken)));
        Assert.Equal(["bad.service:launched"], Select(Web, ["bad.service"], Units(broken)));
    }

    [Fact]
    public void A_global_template_never_runs_but_its_global_instances_do() =>
        Assert.Equal(
            ["g@1.service:launched:global"],
            Select(Web, [], Units(Unit("g@.service", "Global=true"), Unit("g@1.service", "Global=true"))));

    [Fact]
    public void Rules_are_reused_when_only_the_desired_state_changes()
    {
        KnownUnit first = Unit("g.service", "Global=true");
        KnownUnit stopped = KnownUnit.From(first.Record with { DesiredState = UnitDesiredState.Loaded }, first);
        Assert.Same(first.Rules!.Requirements, stopped.Rules!.Requirements);
        Assert.Equal(DesiredState.Loaded, stopped.Rules.Desired);
    }
}
