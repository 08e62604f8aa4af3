using Flotilla.Engine.Leading;
using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;
using static Flotilla.Engine.Tests.Leading.Records;

namespace Flotilla.Engine.Tests.Leading;

public sealed class RegistryMirrorTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private readonly RegistryMirror mirror = new(Layout, leaderKey: null);

    [Fact]
    public void A_snapshot_becomes_the_scheduler_view()
    {
        mirror.Load(
            [Unit("a.service"), Unit("b.service", "MachineMetadata=region=eu"), Machine("m1", "region=eu"), Assignment("m1", "a.service", "h")],
            revision: 42,
            Now);

        EngineSnapshot snapshot = mirror.Snapshot(Now, Grace);

        Assert.Equal(42, snapshot.Revision);
        Assert.Equal(["a.service", "b.service"], snapshot.View.Units.Select(u => u.Name).Order());
        Assert.Equal("eu", Assert.Single(snapshot.View.Machines).Metadata["region"]);
        Assert.Equal("m1", snapshot.View.Assignments["a.service"]);
        Assert.Equal("h", snapshot.StoredAssignments["a.service"]?.Hash);
        Assert.Equal(UnitRecord("b.service", "MachineMetadata=region=eu").Hash, snapshot.UnitHashes["b.service"]);
        ClusterUnit b = snapshot.View.Units.Single(u => u.Name == "b.service");
        Assert.Equal(["eu"], b.Requirements.Metadata["region"]);
    }

    [Fact]
    public void Desired_states_map_to_the_engine_states()
    {
        mirror.Load([Unit("i.service", desired: UnitDesiredState.Inactive), Unit("l.service", desired: UnitDesiredState.Loaded)], 1, Now);

        var units = mirror.Snapshot(Now, Grace).View.Units.ToDictionary(u => u.Name);

        Assert.Equal(DesiredState.Inactive, units["i.service"].Desired);
        Assert.Equal(DesiredState.Loaded, units["l.service"].Desired);
    }

    [Fact]
    public void A_vanished_machine_with_units_is_missing_from_that_moment_and_moves_its_units_after_the_grace()
    {
        mirror.Load([Unit("a.service"), Machine("m1"), Machine("m2"), Assignment("m1", "a.service", "h")], 1, Now);
        DateTimeOffset vanished = Now.AddSeconds(30);

        Assert.True(mirror.Apply(Deletes(Layout.MachineKey("m1")), vanished));

        Assert.Equal(vanished + Grace, mirror.NextGraceDeadline(Grace));
        Plan early = Scheduler.Decide(mirror.Snapshot(vanished + Grace - TimeSpan.FromMilliseconds(1), Grace).View);
        Assert.True(early.IsEmpty);
        Plan late = Scheduler.Decide(mirror.Snapshot(vanished + Grace, Grace).View);
        Assert.Equal(new Schedule("a.service", "m2"), Assert.Single(late.Schedules));
        Assert.Equal("m1", Assert.Single(late.Unschedules).Machine);
    }

    [Fact]
    public void A_machine_that_comes_back_within_the_grace_keeps_its_units()
    {
        mirror.Load([Unit("a.service"), Machine("m1"), Machine("m2"), Assignment("m1", "a.service", "h")], 1, Now);
        mirror.Apply(Deletes(Layout.MachineKey("m1")), Now);
        mirror.Apply(Puts(Machine("m1")), Now.AddSeconds(2));

        Assert.Null(mirror.NextGraceDeadline(Grace));
        Assert.True(Scheduler.Decide(mirror.Snapshot(Now.AddMinutes(5), Grace).View).IsEmpty);
    }

    [Fact]
    public void A_vanished_machine_without_units_is_forgotten()
    {
        mirror.Load([Machine("m1"), Machine("m2")], 1, Now);

        mirror.Apply(Deletes(Layout.MachineKey("m1")), Now);

        Assert.Equal(["m2"], mirror.Snapshot(Now, Grace).View.Machines.Select(m => m.Id));
        Assert.Null(mirror.NextGraceDeadline(Grace));
    }

    [Fact]
    public void A_missing_machine_is_forgotten_once_its_last_unit_is_unassigned()
    {
        mirror.Load([Unit("a.service"), Machine("m1"), Assignment("m1", "a.service", "h")], 1, Now);
        mirror.Apply(Deletes(Layout.MachineKey("m1")), Now);

        mirror.Apply(Deletes(Layout.AssignmentKey("m1", "a.service")), Now);

        Assert.Empty(mirror.Snapshot(Now, Grace).View.Machines);
    }

    [Fact]
    public void Assignments_to_a_machine_without_a_key_start_its_grace_when_the_leader_loads_them()
    {
        // A new leader cannot know since when the machine is gone; it never cuts the grace short.
        mirror.Load([Unit("a.service"), Assignment("ghost", "a.service", "h")], 1, Now);

        ClusterMachine ghost = Assert.Single(mirror.Snapshot(Now, Grace).View.Machines);
        Assert.Equal(Now, ghost.MissingSince);
        Assert.Equal(Now + Grace, mirror.NextGraceDeadline(Grace));
    }

    [Fact]
    public void A_unit_assigned_twice_keeps_the_copy_on_a_live_machine_and_the_others_are_duplicates()
    {
        mirror.Load(
            [Unit("a.service"), Machine("m2"), Assignment("m1", "a.service", "h"), Assignment("m2", "a.service", "h"), Assignment("m3", "a.service", "h")],
            1,
            Now);

        EngineSnapshot snapshot = mirror.Snapshot(Now, Grace);

        Assert.Equal("m2", snapshot.View.Assignments["a.service"]);
        Assert.Equal([new MachineUnit("m1", "a.service"), new MachineUnit("m3", "a.service")], snapshot.DuplicateAssignments);
    }

    [Fact]
    public void Units_that_cannot_be_used_are_left_out_of_the_view_with_a_reason_naming_the_problem()
    {
        mirror.Load(
            [
                Raw(Layout.UnitKey("json.service"), "{not json"),
                Item(Layout.UnitKey("other.service"), UnitRecord("a.service")),
                Item(Layout.UnitKey("bad.service"), UnitRecord("bad.service") with { Text = "[X-Fleet]\nthis line is not an assignment\n" }),
                Item(Layout.UnitKey("no-suffix"), UnitRecord("no-suffix.service") with { Name = "no-suffix" }),
            ],
            1,
            Now);

        EngineSnapshot snapshot = mirror.Snapshot(Now, Grace);

        Assert.Empty(snapshot.View.Units);
        var reasons = snapshot.UnusableUnits.ToDictionary(u => u.Unit, u => u.Reason);
        Assert.Contains(Layout.UnitKey("json.service"), reasons["json.service"], StringComparison.Ordinal);
        Assert.Equal($"key {Layout.UnitKey("other.service")} holds the record of unit a.service", reasons["other.service"]);
        Assert.StartsWith("unit file is invalid: bad.service:", reasons["bad.service"], StringComparison.Ordinal);
        Assert.Equal("unit name no-suffix is not a valid unit name", reasons["no-suffix"]);
    }

    [Fact]
    public void A_changed_desired_state_is_seen_without_the_unit_text_changing()
    {
        mirror.Load([Unit("a.service", "MachineMetadata=region=eu")], 1, Now);

        mirror.Apply(Puts(Unit("a.service", "MachineMetadata=region=eu", UnitDesiredState.Inactive)), Now);

        ClusterUnit unit = Assert.Single(mirror.Snapshot(Now, Grace).View.Units);
        Assert.Equal(DesiredState.Inactive, unit.Desired);
        Assert.Equal(["eu"], unit.Requirements.Metadata["region"]);
    }

    [Fact]
    public void A_replaced_unit_text_is_parsed_again()
    {
        mirror.Load([Unit("a.service", "MachineMetadata=region=eu")], 1, Now);

        mirror.Apply(Puts(Unit("a.service", "MachineMetadata=region=us")), Now);

        Assert.Equal(["us"], Assert.Single(mirror.Snapshot(Now, Grace).View.Units).Requirements.Metadata["region"]);
    }

    [Fact]
    public void Reasons_are_mirrored_and_an_unreadable_one_is_kept_as_empty_so_it_is_rewritten()
    {
        mirror.Load([Reason("a.service", "no machines in the cluster"), Raw(Layout.ReasonKey("b.service"), "garbage")], 1, Now);

        EngineSnapshot snapshot = mirror.Snapshot(Now, Grace);

        Assert.Equal("no machines in the cluster", snapshot.Reasons["a.service"]);
        Assert.Equal("", snapshot.Reasons["b.service"]);
    }

    [Fact]
    public void Unit_states_and_foreign_keys_advance_the_revision_without_waking_the_leader()
    {
        mirror.Load([], 1, Now);
        var state = Raw(Layout.StateKey("a.service", "m1"), "{}");

        Assert.False(mirror.Apply(Puts(state, Raw("/clusterstate/web/1", "10.0.0.1:80")), Now));
        Assert.True(mirror.Revision >= state.ModRevision);
        Assert.True(mirror.Apply(Puts(Unit("a.service")), Now));
    }

    [Fact]
    public void Leadership_is_lost_when_the_leader_key_is_deleted_or_missing_from_the_snapshot()
    {
        string key = Layout.LeaderPrefix + "0000000000000001";
        var leader = new RegistryMirror(Layout, key);
        leader.Load([Raw(key, "me")], 1, Now);
        Assert.False(leader.LeadershipLost);

        leader.Apply(Deletes(Layout.LeaderPrefix + "0000000000000002"), Now);
        Assert.False(leader.LeadershipLost);

        leader.Apply(Deletes(key), Now);
        Assert.True(leader.LeadershipLost);

        var late = new RegistryMirror(Layout, key);
        late.Load([], 1, Now);
        Assert.True(late.LeadershipLost);
    }

    private static Registry.Data.KeyValue Item(string key, UnitRecord record) =>
        Raw(key, System.Text.Encoding.UTF8.GetString(RegistryRecordCodec.Encode(record).Span));

    [Fact]
    public void The_global_index_is_mirrored_and_a_deleted_entry_leaves_it()
    {
        mirror.Load([Global("a.service", "h"), Raw(Layout.GlobalKey("b.service"), "{}")], 1, Now);
        Assert.Equal(new GlobalUnitRecord("a.service", "h", UnitDesiredState.Launched), mirror.Snapshot(Now, Grace).StoredGlobals["a.service"]);
        Assert.Null(mirror.Snapshot(Now, Grace).StoredGlobals["b.service"]);

        Assert.True(mirror.Apply(Deletes(Layout.GlobalKey("a.service")), Now));

        Assert.Equal(["b.service"], mirror.Snapshot(Now, Grace).StoredGlobals.Keys);
    }
}
