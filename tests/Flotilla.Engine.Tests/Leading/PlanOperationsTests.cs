using Flotilla.Engine.Leading;
using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Transactions;
using static Flotilla.Engine.Tests.Leading.Records;

namespace Flotilla.Engine.Tests.Leading;

public sealed class PlanOperationsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_move_removes_the_old_assignment_before_writing_the_new_one_with_the_unit_hash()
    {
        var mirror = new RegistryMirror(Layout, null);
        string hash = UnitRecord("a.service").Hash;
        mirror.Load([Unit("a.service"), Machine("m2"), Assignment("m1", "a.service", hash)], 1, Now);
        mirror.Apply(Deletes(), Now);
        EngineSnapshot snapshot = mirror.Snapshot(Now + Grace, Grace);

        var operations = Build(snapshot);

        Assert.Equal(
            [(OperationKind.Delete, Layout.AssignmentKey("m1", "a.service")), (OperationKind.Put, Layout.AssignmentKey("m2", "a.service"))],
            operations.Select(o => (o.Kind, o.Key)));
        var written = RegistryRecordCodec.Decode<AssignmentRecord>(operations[1].Key, operations[1].Value);
        Assert.Equal(new AssignmentRecord("a.service", "m2", hash, UnitDesiredState.Launched), written);
    }

    [Fact]
    public void A_settled_cluster_needs_no_writes()
    {
        var mirror = new RegistryMirror(Layout, null);
        mirror.Load([Unit("a.service"), Machine("m1"), Assignment("m1", "a.service", UnitRecord("a.service").Hash)], 1, Now);

        Assert.Empty(Build(mirror.Snapshot(Now, Grace)));
    }

    [Fact]
    public void A_replaced_unit_keeps_its_machine_and_its_assignment_gets_the_new_hash()
    {
        var mirror = new RegistryMirror(Layout, null);
        mirror.Load([Unit("a.service", "MachineMetadata=disk=ssd"), Machine("m1", "disk=ssd"), Assignment("m1", "a.service", "old")], 1, Now);

        var operation = Assert.Single(Build(mirror.Snapshot(Now, Grace)));

        Assert.Equal(Layout.AssignmentKey("m1", "a.service"), operation.Key);
        Assert.Equal(UnitRecord("a.service", "MachineMetadata=disk=ssd").Hash, RegistryRecordCodec.Decode<AssignmentRecord>(operation.Key, operation.Value).Hash);
    }

    [Fact]
    public void Reasons_are_written_when_new_or_changed_and_removed_when_they_no_longer_hold()
    {
        var mirror = new RegistryMirror(Layout, null);
        mirror.Load(
            [
                Unit("eu.service", "MachineMetadata=region=eu"),
                Unit("same.service", "MachineMetadata=region=us"),
                Unit("placed.service"),
                Machine("m1"),
                Reason("eu.service", "an older reason"),
                Reason("same.service", "no machine has metadata region=us"),
                Reason("placed.service", "no machines in the cluster"),
                Reason("destroyed.service", "no machines in the cluster"),
            ],
            1,
            Now);

        var operations = Build(mirror.Snapshot(Now, Grace));

        Assert.Equal(
            [
                (OperationKind.Put, Layout.AssignmentKey("m1", "placed.service")),
                (OperationKind.Put, Layout.ReasonKey("eu.service")),
                (OperationKind.Delete, Layout.ReasonKey("destroyed.service")),
                (OperationKind.Delete, Layout.ReasonKey("placed.service")),
            ],
            operations.Select(o => (o.Kind, o.Key)));
        var reason = RegistryRecordCodec.Decode<PlacementReasonRecord>(operations[1].Key, operations[1].Value);
        Assert.Equal(new PlacementReasonRecord("eu.service", "no machine has metadata region=eu", Now), reason);
    }

    [Fact]
    public void Unusable_units_get_their_problem_as_reason_and_lose_any_assignment()
    {
        var mirror = new RegistryMirror(Layout, null);
        mirror.Load([Raw(Layout.UnitKey("a.service"), "{}"), Machine("m1"), Assignment("m1", "a.service", "h")], 1, Now);

        var operations = Build(mirror.Snapshot(Now, Grace));

        Assert.Equal((OperationKind.Delete, Layout.AssignmentKey("m1", "a.service")), (operations[0].Kind, operations[0].Key));
        Assert.Equal(Layout.ReasonKey("a.service"), operations[1].Key);
        Assert.Contains(Layout.UnitKey("a.service"), RegistryRecordCodec.Decode<PlacementReasonRecord>(operations[1].Key, operations[1].Value).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_assignments_are_removed()
    {
        var mirror = new RegistryMirror(Layout, null);
        string hash = UnitRecord("a.service").Hash;
        mirror.Load([Unit("a.service"), Machine("m1"), Machine("m2"), Assignment("m1", "a.service", hash), Assignment("m2", "a.service", hash)], 1, Now);

        var operation = Assert.Single(Build(mirror.Snapshot(Now, Grace)));

        Assert.Equal((OperationKind.Delete, Layout.AssignmentKey("m2", "a.service")), (operation.Kind, operation.Key));
    }

    [Theory]
    [InlineData(UnitDesiredState.Launched, UnitDesiredState.Loaded)]
    [InlineData(UnitDesiredState.Loaded, UnitDesiredState.Launched)]
    public void A_placed_unit_started_or_stopped_keeps_its_machine_and_its_assignment_gets_the_new_desired_state(UnitDesiredState stored, UnitDesiredState now)
    {
        var mirror = new RegistryMirror(Layout, null);
        string hash = UnitRecord("a.service").Hash;
        mirror.Load([Unit("a.service", desired: now), Machine("m1"), Machine("m2"), Assignment("m1", "a.service", hash, stored)], 1, Now);

        var operation = Assert.Single(Build(mirror.Snapshot(Now, Grace)));

        Assert.Equal((OperationKind.Put, Layout.AssignmentKey("m1", "a.service")), (operation.Kind, operation.Key));
        Assert.Equal(new AssignmentRecord("a.service", "m1", hash, now), RegistryRecordCodec.Decode<AssignmentRecord>(operation.Key, operation.Value));
    }

    [Fact]
    public void A_new_placement_carries_the_desired_state_of_its_unit()
    {
        var mirror = new RegistryMirror(Layout, null);
        mirror.Load([Unit("a.service", desired: UnitDesiredState.Loaded), Machine("m1")], 1, Now);

        var operation = Assert.Single(Build(mirror.Snapshot(Now, Grace)));

        Assert.Equal(UnitDesiredState.Loaded, RegistryRecordCodec.Decode<AssignmentRecord>(operation.Key, operation.Value).DesiredState);
    }

    [Fact]
    public void Global_units_not_inactive_are_indexed_and_the_index_follows_their_hash_and_desired_state()
    {
        var mirror = new RegistryMirror(Layout, null);
        string loadedHash = UnitRecord("b.service", "Global=true", UnitDesiredState.Loaded).Hash;
        mirror.Load(
            [
                Unit("a.service", "Global=true"),
                Unit("b.service", "Global=true", UnitDesiredState.Loaded),
                Unit("c.service", "Global=true", UnitDesiredState.Inactive),
                Unit("d.service", "Global=true"),
                Unit("plain.service", desired: UnitDesiredState.Inactive),
                Global("b.service", loadedHash, UnitDesiredState.Launched),
                Global("c.service", "old"),
                Global("d.service", "old"),
                Global("destroyed.service", "old"),
                Raw(Layout.GlobalKey("e.service"), "{}"),
            ],
            1,
            Now);

        var operations = Build(mirror.Snapshot(Now, Grace));

        Assert.Equal(
            [
                (OperationKind.Put, Layout.GlobalKey("a.service")),
                (OperationKind.Put, Layout.GlobalKey("b.service")),
                (OperationKind.Put, Layout.GlobalKey("d.service")),
                (OperationKind.Delete, Layout.GlobalKey("c.service")),
                (OperationKind.Delete, Layout.GlobalKey("destroyed.service")),
                (OperationKind.Delete, Layout.GlobalKey("e.service")),
            ],
            operations.Select(o => (o.Kind, o.Key)));
        GlobalUnitRecord Written(int index) => RegistryRecordCodec.Decode<GlobalUnitRecord>(operations[index].Key, operations[index].Value);
        Assert.Equal(new GlobalUnitRecord("a.service", UnitRecord("a.service", "Global=true").Hash, UnitDesiredState.Launched), Written(0));
        Assert.Equal(new GlobalUnitRecord("b.service", loadedHash, UnitDesiredState.Loaded), Written(1));
        Assert.Equal(UnitRecord("d.service", "Global=true").Hash, Written(2).Hash);
    }

    [Fact]
    public void An_indexed_global_unit_that_did_not_change_needs_no_writes()
    {
        var mirror = new RegistryMirror(Layout, null);
        mirror.Load([Unit("a.service", "Global=true"), Machine("m1"), Global("a.service", UnitRecord("a.service", "Global=true").Hash)], 1, Now);

        Assert.Empty(Build(mirror.Snapshot(Now, Grace)));
    }

    private static IReadOnlyList<RegistryOperation> Build(EngineSnapshot snapshot) =>
        PlanOperations.Build(snapshot, Scheduler.Decide(snapshot.View), Layout, Now);
}
