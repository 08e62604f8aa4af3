using System.Text.Json.Serialization;

namespace Flotilla.Api.Fleet;

/// <summary>fleet's UnitState: what one machine reports for one unit.</summary>
public sealed record FleetUnitState(
    string Name,
    string Hash,
    [property: JsonPropertyName("machineID")] string MachineId,
    string SystemdLoadState,
    string SystemdActiveState,
    string SystemdSubState);
