using System.Text.Json.Serialization;

namespace Flotilla.Api.Native;

/// <summary>Answer of <c>GET /flotilla/v1/units/{name}</c>: the unit, where it is placed or why not, and what each machine reports.</summary>
public sealed record UnitDetail(
    string Name,
    string DesiredState,
    string Hash,
    [property: JsonPropertyName("machineID")] string? MachineId,
    string? Reason,
    bool Global,
    IReadOnlyList<UnitDetailState> States);
