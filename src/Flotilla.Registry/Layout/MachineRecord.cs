using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// A live machine (<c>machines/&lt;id&gt;</c>, attached to its presence lease).
/// </summary>
/// <param name="Id">The machine ID (from /etc/machine-id unless overridden).</param>
/// <param name="PublicIp">The address shown as primaryIP by the fleet API ("" when unknown).</param>
/// <param name="Metadata">The machine's <c>k=v</c> metadata that MachineMetadata= matches against.</param>
/// <param name="Version">The Flotilla version the machine runs.</param>
/// <param name="StartedAt">When the agent started, to tell a restarted machine from one that stayed up.</param>
public sealed record MachineRecord(
    string Id,
    string PublicIp,
    IReadOnlyDictionary<string, string> Metadata,
    string Version,
    DateTimeOffset StartedAt) : IRegistryRecord
{
    // Sorted by key (also when set with `with`) so the same metadata always encodes to the same bytes:
    // value compares work and re-registering an unchanged machine does not look like a change.
    private readonly IReadOnlyDictionary<string, string> _metadata = Metadata.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        init => _metadata = value.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The agent's TCP API address (<c>http://IP:PORT</c>), so other agents can proxy requests that only
    /// this machine can answer (a unit's journal); null when its API listens on a unix socket only.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiUrl { get; init; }

    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = RegistrySchema.CurrentVersion;

    // A record compares dictionaries by reference; machines are compared by content so that callers can
    // skip re-registering an unchanged machine.
    public bool Equals(MachineRecord? other) =>
        other is not null
        && Id == other.Id
        && PublicIp == other.PublicIp
        && ApiUrl == other.ApiUrl
        && Version == other.Version
        && StartedAt == other.StartedAt
        && SchemaVersion == other.SchemaVersion
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(pair => other.Metadata.TryGetValue(pair.Key, out string? value) && value == pair.Value);

    public override int GetHashCode() => HashCode.Combine(Id, PublicIp, Version, StartedAt, SchemaVersion, Metadata.Count);
}
