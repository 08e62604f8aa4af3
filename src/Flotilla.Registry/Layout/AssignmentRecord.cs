using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// The engine placed a unit on a machine (<c>assignments/&lt;machine&gt;/&lt;unit&gt;</c>).
/// </summary>
/// <param name="Hash">The hash of the unit text the engine placed, so an agent can tell a replaced unit from the one it runs.</param>
public sealed record AssignmentRecord(string Unit, string Machine, string Hash) : IRegistryRecord
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RegistrySchema.CurrentVersion;
}
