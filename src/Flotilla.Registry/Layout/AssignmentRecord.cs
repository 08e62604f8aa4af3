using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// The engine's placement of a unit on a machine, stored at <c>assignments/&lt;machine&gt;/&lt;unit&gt;</c>.
/// </summary>
/// <param name="Hash">The hash of the unit text that was placed, so an agent notices a replaced unit.</param>
public sealed record AssignmentRecord(string Unit, string Machine, string Hash) : IRegistryRecord
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
}
