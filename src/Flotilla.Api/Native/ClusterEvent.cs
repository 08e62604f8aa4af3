using System.Text.Json.Serialization;

namespace Flotilla.Api.Native;

/// <summary>
/// One server-sent event of <c>GET /flotilla/v1/events</c>. <see cref="Type"/> is also the SSE event
/// name (unit.submitted, unit.changed, unit.destroyed, unit.placed, unit.unplaced, unit.unplaceable,
/// unit.state, unit.state-removed, machine.joined, machine.updated, machine.left, leader.changed);
/// fields that do not apply are left out.
/// </summary>
public sealed record ClusterEvent
{
    public required string Type { get; init; }

    public required long Revision { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unit { get; init; }

    [JsonPropertyName("machineID")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MachineId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DesiredState { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Hash { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActiveState { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SubState { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
