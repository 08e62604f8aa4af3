using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Api.Native;

/// <summary>Pure: what one registry change under the cluster prefix means as a cluster event (null when it means nothing to a user).</summary>
public static class ClusterEventTranslator
{
    public static ClusterEvent? Translate(RegistryLayout layout, WatchEvent change, long revision)
    {
        if (layout.Parse(change.Item.Key) is not { } key)
        {
            return null;
        }

        bool put = change.Kind == WatchEventKind.Put;
        bool created = put && change.Item.CreateRevision == change.Item.ModRevision;
        var basic = new ClusterEvent { Type = "", Revision = revision, Unit = key.Name, MachineId = key.Machine };
        switch (key.Kind)
        {
            case RegistryKeyKind.Unit when put:
                UnitRecord unit = RegistryRecordCodec.Decode<UnitRecord>(change.Item);
                return basic with { Type = created ? "unit.submitted" : "unit.changed", DesiredState = unit.DesiredState.ToFleetString(), Hash = unit.Hash };
            case RegistryKeyKind.Unit:
                return basic with { Type = "unit.destroyed" };
            case RegistryKeyKind.Assignment when put && !created:
                // The engine rewrote a placement with a new hash or desired state: unit.changed already said so.
                return null;
            case RegistryKeyKind.Assignment:
                return basic with { Type = put ? "unit.placed" : "unit.unplaced" };
            case RegistryKeyKind.Reason when put:
                return basic with { Type = "unit.unplaceable", Reason = RegistryRecordCodec.Decode<PlacementReasonRecord>(change.Item).Reason };
            case RegistryKeyKind.State when put:
                UnitStateRecord state = RegistryRecordCodec.Decode<UnitStateRecord>(change.Item);
                return basic with { Type = "unit.state", Hash = state.Hash, ActiveState = state.ActiveState, SubState = state.SubState };
            case RegistryKeyKind.State:
                return basic with { Type = "unit.state-removed" };
            case RegistryKeyKind.Machine:
                return basic with { Type = put ? (created ? "machine.joined" : "machine.updated") : "machine.left", Unit = null };
            case RegistryKeyKind.Leader:
                return new ClusterEvent { Type = "leader.changed", Revision = revision };
            default:
                return null;
        }
    }
}
