using System.Text.Json.Serialization;

namespace Flotilla.Cli.Client;

/// <summary><c>GET /flotilla/v1/health</c>.</summary>
internal sealed record AgentHealth
{
    [JsonPropertyName("machineID")] public string? MachineId { get; init; }
    [JsonPropertyName("leader")] public string? Leader { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
}

/// <summary><c>GET /flotilla/v1/units/{name}</c>: a unit with its placement and every machine's report.</summary>
internal sealed record UnitDetail
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("desiredState")] public string? DesiredState { get; init; }
    [JsonPropertyName("hash")] public string? Hash { get; init; }
    [JsonPropertyName("machineID")] public string? MachineId { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("global")] public bool Global { get; init; }
    [JsonPropertyName("states")] public IReadOnlyList<UnitDetailState>? States { get; init; }
}

/// <summary>One machine's report inside <see cref="UnitDetail"/>.</summary>
internal sealed record UnitDetailState
{
    [JsonPropertyName("machineID")] public string? MachineId { get; init; }
    [JsonPropertyName("hash")] public string? Hash { get; init; }
    [JsonPropertyName("load")] public string? Load { get; init; }
    [JsonPropertyName("active")] public string? Active { get; init; }
    [JsonPropertyName("sub")] public string? Sub { get; init; }
    [JsonPropertyName("updatedAt")] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The main process on that machine, when it has one; printed by <c>status</c>.</summary>
    [JsonPropertyName("mainPID")] public int? MainPid { get; init; }
}

/// <summary>One line of <c>GET /flotilla/v1/units/{name}/journal</c> (ndjson).</summary>
internal sealed record JournalLine
{
    [JsonPropertyName("time")] public DateTimeOffset Time { get; init; }
    [JsonPropertyName("unit")] public string? Unit { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
}

/// <summary>A kv key with its value: <c>GET|PUT /flotilla/v1/kv/{key}</c>.</summary>
internal sealed record KvValue
{
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("value")] public string Value { get; init; } = "";
    [JsonPropertyName("revision")] public long Revision { get; init; }
}

/// <summary><c>GET /flotilla/v1/kv/{key}?recursive=true</c>.</summary>
internal sealed record KvListing
{
    [JsonPropertyName("entries")] public IReadOnlyList<KvValue>? Entries { get; init; }
    [JsonPropertyName("revision")] public long Revision { get; init; }
}

/// <summary><c>DELETE /flotilla/v1/kv/{key}</c>.</summary>
internal sealed record KvDeleted
{
    [JsonPropertyName("deleted")] public int Deleted { get; init; }
}

/// <summary>One line of a kv watch stream (ndjson).</summary>
internal sealed record KvEvent
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("value")] public string? Value { get; init; }
    [JsonPropertyName("revision")] public long Revision { get; init; }

    /// <summary>On an "error" line (the stream's last): the status the failure would have had, e.g. 410 for compacted history.</summary>
    [JsonPropertyName("code")] public int Code { get; init; }
}
