using System.Text.Json.Serialization;

namespace Flotilla.Cli.Client;

/// <summary>fleet v1 unit option: one <c>Name=Value</c> line of a section.</summary>
internal sealed record FleetUnitOption(
    [property: JsonPropertyName("section")] string Section,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value);

/// <summary>fleet v1 unit: its text as options, desired and current state, and the machine it is scheduled to.</summary>
internal sealed record FleetUnit
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("options")] public IReadOnlyList<FleetUnitOption>? Options { get; init; }
    [JsonPropertyName("desiredState")] public string? DesiredState { get; init; }
    [JsonPropertyName("currentState")] public string? CurrentState { get; init; }
    [JsonPropertyName("machineID")] public string? MachineId { get; init; }
}

/// <summary>fleet v1 unit state: what one machine's systemd (our runner) reports for a unit.</summary>
internal sealed record FleetUnitState
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("hash")] public string? Hash { get; init; }
    [JsonPropertyName("machineID")] public string? MachineId { get; init; }
    [JsonPropertyName("systemdLoadState")] public string? SystemdLoadState { get; init; }
    [JsonPropertyName("systemdActiveState")] public string? SystemdActiveState { get; init; }
    [JsonPropertyName("systemdSubState")] public string? SystemdSubState { get; init; }
}

/// <summary>fleet v1 machine.</summary>
internal sealed record FleetMachine
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("primaryIP")] public string? PrimaryIp { get; init; }
    [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>One page of <c>GET /fleet/v1/units</c>.</summary>
internal sealed record FleetUnitPage
{
    [JsonPropertyName("units")] public IReadOnlyList<FleetUnit>? Units { get; init; }
    [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; init; }
}

/// <summary>One page of <c>GET /fleet/v1/state</c>.</summary>
internal sealed record FleetStatePage
{
    [JsonPropertyName("states")] public IReadOnlyList<FleetUnitState>? States { get; init; }
    [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; init; }
}

/// <summary>One page of <c>GET /fleet/v1/machines</c>.</summary>
internal sealed record FleetMachinePage
{
    [JsonPropertyName("machines")] public IReadOnlyList<FleetMachine>? Machines { get; init; }
    [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; init; }
}

/// <summary><c>{"error":{"code":N,"message":"..."}}</c>, fleet's error body, used by every endpoint.</summary>
internal sealed record ApiErrorBody
{
    [JsonPropertyName("error")] public ApiErrorDetail? Error { get; init; }
}

/// <summary>The inner object of <see cref="ApiErrorBody"/>.</summary>
internal sealed record ApiErrorDetail
{
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}
