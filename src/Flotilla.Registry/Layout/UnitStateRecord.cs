using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A unit's state as the machine running it reports it, stored at <c>states/&lt;unit&gt;</c> and attached
/// to the reporter's lease (so a dead machine's reports disappear with it). The states are systemd's
/// words (load: loaded/not-found/..., active: active/failed/..., sub: running/dead/...).
/// </summary>
/// <param name="Hash">The hash of the unit text the machine is running.</param>
public sealed record UnitStateRecord(
    string Name,
    string Machine,
    string Hash,
    string LoadState,
    string ActiveState,
    string SubState,
    DateTimeOffset UpdatedAt) : IRegistryRecord
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
}
