using Flotilla.Api.Native;
using Flotilla.Registry.Data;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Api.Tests.Native;

public sealed class ClusterEventTranslatorTests
{
    private static readonly RegistryLayout Layout = RegistryLayout.Default;

    [Fact]
    public void A_new_unit_is_submitted_a_rewritten_one_changed_a_deleted_one_destroyed()
    {
        UnitRecord unit = new("a.service", "[Service]\nExecStart=/bin/true\n", new string('0', 40), UnitDesiredState.Loaded);
        ReadOnlyMemory<byte> value = RegistryRecordCodec.Encode(unit);
        string key = Layout.UnitKey("a.service");
        ClusterEvent? submitted = ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Put, new KeyValue(key, value, 5, 5, 1, 0)), 5);
        ClusterEvent? changed = ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Put, new KeyValue(key, value, 5, 6, 2, 0)), 6);
        ClusterEvent? destroyed = ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Delete, new KeyValue(key, default, 0, 7, 0, 0)), 7);
        Assert.Equal(("unit.submitted", "a.service", "loaded"), (submitted!.Type, submitted.Unit, submitted.DesiredState));
        Assert.Equal("unit.changed", changed!.Type);
        Assert.Equal(("unit.destroyed", 7L), (destroyed!.Type, destroyed.Revision));
    }

    [Fact]
    public void Machines_join_and_leave_and_placements_name_both_sides()
    {
        string machineKey = Layout.MachineKey("m1");
        MachineRecord machine = new("m1", "", new Dictionary<string, string>(), "1", DateTimeOffset.UnixEpoch);
        Assert.Equal("machine.joined", ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Put, new KeyValue(machineKey, RegistryRecordCodec.Encode(machine), 3, 3, 1, 9)), 3)!.Type);
        ClusterEvent left = ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Delete, new KeyValue(machineKey, default, 0, 4, 0, 0)), 4)!;
        Assert.Equal(("machine.left", "m1"), (left.Type, left.MachineId));
        ClusterEvent placed = ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Put, new KeyValue(Layout.AssignmentKey("m1", "a.service"), RegistryRecordCodec.Encode(new AssignmentRecord("a.service", "m1", "h")), 5, 5, 1, 0)), 5)!;
        Assert.Equal(("unit.placed", "a.service", "m1"), (placed.Type, placed.Unit, placed.MachineId));
        Assert.Null(ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Put, new KeyValue("/elsewhere/x", default, 1, 1, 1, 0)), 1));
    }

    [Fact]
    public void A_placement_rewritten_with_a_new_hash_or_desired_state_and_the_global_index_are_not_events_of_their_own()
    {
        var stopped = new AssignmentRecord("a.service", "m1", "h", UnitDesiredState.Loaded);
        Assert.Null(ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Put, new KeyValue(Layout.AssignmentKey("m1", "a.service"), RegistryRecordCodec.Encode(stopped), 5, 6, 2, 0)), 6));
        var global = new GlobalUnitRecord("g.service", "h", UnitDesiredState.Launched);
        Assert.Null(ClusterEventTranslator.Translate(Layout, new WatchEvent(WatchEventKind.Put, new KeyValue(Layout.GlobalKey("g.service"), RegistryRecordCodec.Encode(global), 7, 7, 1, 0)), 7));
    }
}
