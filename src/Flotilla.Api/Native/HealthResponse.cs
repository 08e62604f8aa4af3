using System.Text.Json.Serialization;

namespace Flotilla.Api.Native;

/// <summary>Answer of <c>GET /flotilla/v1/health</c>; <see cref="Leader"/> is null while no engine leads.</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("machineID")] string MachineId,
    string? Leader,
    string Version);
