using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Why the engine could not place a unit (<c>reasons/&lt;unit&gt;</c>); fleet left such units silently
/// unscheduled, Flotilla shows the reason in list-unit-files, status and the API.
/// </summary>
public sealed record PlacementReasonRecord(string Unit, string Reason, DateTimeOffset At) : IRegistryRecord
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RegistrySchema.CurrentVersion;
}
