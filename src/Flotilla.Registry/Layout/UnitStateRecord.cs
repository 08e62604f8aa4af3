using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// The state a machine reports for a unit it runs (<c>states/&lt;unit&gt;/&lt;machine&gt;</c>, attached to the
/// reporting machine's lease so it vanishes with the machine). The three states are systemd's strings,
/// shown by the fleet API as systemdLoadState, systemdActiveState and systemdSubState.
/// </summary>
/// <param name="Hash">The hash of the unit text the machine actually runs.</param>
/// <param name="LoadState">e.g. "loaded", "not-found".</param>
/// <param name="ActiveState">e.g. "active", "inactive", "failed", "activating".</param>
/// <param name="SubState">e.g. "running", "dead", "exited".</param>
public sealed record UnitStateRecord(
    string Name,
    string Machine,
    string Hash,
    string LoadState,
    string ActiveState,
    string SubState,
    DateTimeOffset UpdatedAt) : IRegistryRecord
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RegistrySchema.CurrentVersion;

    /// <summary>The unit's main process while it has one (shown by <c>flotilla status</c>), else null and not stored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MainPid { get; init; }
}
