using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flotilla.Runner.Systemd;

/// <summary>
/// The fields we read from one line of <c>journalctl -o json</c>. journald writes every field as a
/// string, except a MESSAGE that is not valid UTF-8, which comes as an array of byte values (and a
/// field that repeats, which comes as an array of those): so MESSAGE is kept as an element.
/// </summary>
internal sealed record JournalRecord
{
    [JsonPropertyName("MESSAGE")]
    public JsonElement Message { get; init; }

    [JsonPropertyName("__REALTIME_TIMESTAMP")]
    public string? RealtimeTimestamp { get; init; }

    [JsonPropertyName("_PID")]
    public string? Pid { get; init; }
}
