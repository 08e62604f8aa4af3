using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// The engine placed a unit on a machine (<c>assignments/&lt;machine&gt;/&lt;unit&gt;</c>). Carries all an
/// agent needs to decide about the unit except its text, so agents watch only their own assignments and
/// never the whole <c>units/</c> folder.
/// </summary>
/// <param name="Hash">The hash of the unit text the engine placed, so an agent can tell a replaced unit from the one it runs.</param>
/// <param name="DesiredState">
/// The unit's desired state (loaded or launched), copied from its unit record by the engine, which rewrites
/// the assignment when it changes. Optional in the JSON: an assignment written before this field existed
/// reads as launched (fleet's usual state), and the engine rewrites it if that is wrong.
/// </param>
public sealed record AssignmentRecord(string Unit, string Machine, string Hash, UnitDesiredState DesiredState = UnitDesiredState.Launched) : IRegistryRecord
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RegistrySchema.CurrentVersion;
}
