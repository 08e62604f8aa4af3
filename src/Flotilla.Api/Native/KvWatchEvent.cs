using System.Text.Json.Serialization;

namespace Flotilla.Api.Native;

/// <summary>
/// One ndjson line of a kv watch: <see cref="Type"/> is "put" or "delete" (value "" then), or "error" as the
/// stream's last line when the watch cannot go on (<see cref="Value"/> says why, <see cref="Code"/> is the
/// status it would have had: 410 when the history from the requested revision was compacted away).
/// </summary>
public sealed record KvWatchEvent(string Type, string Key, string Value, long Revision)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Code { get; init; }
}
