using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A submitted unit, stored at <c>units/&lt;name&gt;</c>: its normalized text, fleet's hash of that text
/// and the desired state. The text is immutable once submitted (fleet); only the desired state changes.
/// </summary>
/// <param name="Text">The normalized unit text (as <c>fleetctl cat</c> prints it).</param>
/// <param name="Hash">SHA-1 of <paramref name="Text"/> in lower-case hex, as fleet computes it.</param>
public sealed record UnitRecord(string Name, string Text, string Hash, UnitDesiredState DesiredState) : IRegistryRecord
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>A record for already normalized text, with the hash computed from it.</summary>
    public static UnitRecord Create(string name, string normalizedText, UnitDesiredState desiredState) =>
        new(name, normalizedText, HashOf(normalizedText), desiredState);

    /// <summary>fleet's unit hash: SHA-1 of the UTF-8 normalized text, lower-case hex.</summary>
    public static string HashOf(string normalizedText)
    {
#pragma warning disable CA5350 // SHA-1 is fleet's unit identity, not a security measure; it must match fleet's.
        byte[] digest = SHA1.HashData(Encoding.UTF8.GetBytes(normalizedText));
#pragma warning restore CA5350
        return Convert.ToHexStringLower(digest);
    }
}
