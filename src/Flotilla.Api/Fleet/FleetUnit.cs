using System.Text.Json.Serialization;

namespace Flotilla.Api.Fleet;

/// <summary>
/// fleet's Unit: what <c>GET /fleet/v1/units</c> returns and what a PUT sends (where every field is
/// optional). Empty fields are left out, as fleet's Go encoder does with omitempty.
/// </summary>
public sealed record FleetUnit
{
    public string? Name { get; init; }

    public IReadOnlyList<FleetUnitOption>? Options { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DesiredState { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CurrentState { get; init; }

    [JsonPropertyName("machineID")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MachineId { get; init; }
}
