using Flotilla.Runner.Dependencies;
using Flotilla.Units.Services;
using static Flotilla.Runner.Tests.Dependencies.Scenario;

namespace Flotilla.Runner.Tests.Dependencies;

public sealed class UnitGraphTests
{
    [Fact]
    public void Reverse_dependencies_are_derived_from_the_declaring_units()
    {
        var graph = new UnitGraph(
        [
            Unit("a.service"),
            Unit("r.service", new() { Requires = ["a.service"] }),
            Unit("b.service", new() { BindsTo = ["a.service"] }),
            Unit("q.service", new() { Requisite = ["a.service"] }),
            Unit("p.service", new() { PartOf = ["a.service"] }),
            Unit("c.service", new() { Conflicts = ["a.service"] }),
            Unit("w.service", new() { Wants = ["a.service"] }),
        ]);

        Assert.Equal(["b.service", "p.service", "q.service", "r.service"], graph.StopPropagatesTo("a.service"));
        Assert.Equal(["b.service", "q.service", "r.service"], graph.StartFailurePropagatesTo("a.service"));
        Assert.Equal(["b.service"], graph.BoundBy("a.service"));
        Assert.Equal(["c.service"], graph.ConflictedBy("a.service"));
    }

    [Fact]
    public void After_and_Before_make_one_ordering_relation()
    {
        var graph = new UnitGraph(
        [
            Unit("a.service", new() { Before = ["b.service"] }),
            Unit("c.service", new() { After = ["a.service"] }),
        ]);

        Assert.True(graph.IsOrderedBefore("a.service", "b.service"));
        Assert.True(graph.IsOrderedBefore("a.service", "c.service"));
        Assert.False(graph.IsOrderedBefore("c.service", "a.service"));
    }

    [Fact]
    public void A_graph_from_maps_treats_units_without_a_state_as_inactive()
    {
        var graph = UnitGraph.From(
            new Dictionary<string, UnitDependencies>
            {
                ["a.service"] = new() { Requires = ["b.service"] },
                ["b.service"] = UnitDependencies.None,
            },
            new Dictionary<string, UnitActiveState> { ["b.service"] = UnitActiveState.Active });

        Assert.Equal(UnitActiveState.Inactive, graph.Find("a.service")!.ActiveState);
        Assert.Equal(UnitActiveState.Active, graph.Find("b.service")!.ActiveState);
        Assert.Equal(["a.service"], graph.StopPropagatesTo("b.service"));
    }

    [Fact]
    public void A_snapshot_from_a_runner_status_keeps_the_load_error()
    {
        var status = new UnitStatus("a.service", "h", UnitLoadState.Error, UnitActiveState.Inactive, "dead", "success", null, "line 3: bad", DateTimeOffset.UnixEpoch);

        var snapshot = UnitSnapshot.From(status, UnitDependencies.None);

        Assert.Equal(UnitLoadState.Error, snapshot.LoadState);
        Assert.Equal("line 3: bad", snapshot.LoadError);
    }
}
