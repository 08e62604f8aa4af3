using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// The index of global units (<c>globals/&lt;unit&gt;</c>), maintained by the engine: one small record per
/// global unit that is desired loaded or launched. Agents watch this folder instead of <c>units/</c>, so a
/// submission of an ordinary unit reaches only the agent it is assigned to.
/// </summary>
/// <param name="Name">The global unit's name.</param>
/// <param name="Hash">The hash of its text; an agent fetches <c>units/&lt;name&gt;</c> when it has no text of this hash.</param>
/// <param name="DesiredState">Loaded or launched (an inactive global unit has no record here).</param>
public sealed record GlobalUnitRecord(string Name, string Hash, UnitDesiredState DesiredState) : IRegistryRecord
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RegistrySchema.CurrentVersion;
}
