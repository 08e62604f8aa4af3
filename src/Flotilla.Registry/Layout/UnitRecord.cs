using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A unit as submitted (<c>units/&lt;name&gt;</c>). The text is immutable once submitted (fleet's rule);
/// only <see cref="DesiredState"/> changes, unless the unit is replaced.
/// </summary>
/// <param name="Name">The full unit name, e.g. <c>nginx@1.service</c>.</param>
/// <param name="Text">The normalized unit text (what <c>cat</c> prints and the hash is computed from).</param>
/// <param name="Hash">fleet's hash: SHA-1 of <paramref name="Text"/>, 40 lowercase hex characters.</param>
/// <param name="DesiredState">What the user asked for: inactive, loaded or launched.</param>
public sealed record UnitRecord(string Name, string Text, string Hash, UnitDesiredState DesiredState) : IRegistryRecord
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RegistrySchema.CurrentVersion;
}
