using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A live machine, stored at <c>machines/&lt;id&gt;</c> and attached to the machine's lease, so it vanishes
/// when the machine stops renewing.
/// </summary>
/// <param name="PublicIp">fleet's primaryIP; empty when unknown.</param>
/// <param name="Metadata">fleet's <c>k=v</c> metadata; kept sorted by key so encodings are stable.</param>
/// <param name="Version">The flotilla version the machine runs.</param>
public sealed record MachineRecord(
    string Id,
    string PublicIp,
    IReadOnlyDictionary<string, string> Metadata,
    string Version,
    DateTimeOffset StartedAt) : IRegistryRecord
{
    public const int CurrentSchemaVersion = 1;

    private readonly IReadOnlyDictionary<string, string> _metadata = Sorted(Metadata);

    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    // Sorted, so that equal metadata encodes to equal bytes and a re-registration that changes nothing
    // can be recognised (and so list-machines prints k=v in key order without sorting again).
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        init => _metadata = Sorted(value);
    }

    // A record compares dictionaries by reference; machines are equal when their metadata has the same content.
    public bool Equals(MachineRecord? other) =>
        other is not null
        && Id == other.Id
        && PublicIp == other.PublicIp
        && Version == other.Version
        && StartedAt == other.StartedAt
        && SchemaVersion == other.SchemaVersion
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(pair => other.Metadata.TryGetValue(pair.Key, out string? value) && value == pair.Value);

    public override int GetHashCode() => HashCode.Combine(Id, PublicIp, Version, StartedAt, SchemaVersion, Metadata.Count);

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in metadata)
        {
            sorted.Add(pair.Key, pair.Value);
        }

        return sorted;
    }
}
