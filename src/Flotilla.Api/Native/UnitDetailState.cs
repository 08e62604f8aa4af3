using System.Text.Json.Serialization;

namespace Flotilla.Api.Native;

/// <summary>The state one machine reports for a unit, with when it last changed.</summary>
public sealed record UnitDetailState(
    [property: JsonPropertyName("machineID")] string MachineId,
    string Hash,
    string Load,
    string Active,
    string Sub,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The unit's main process on that machine while it has one; omitted otherwise.</summary>
    [JsonPropertyName("mainPID")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MainPid { get; init; }
}
