using System.Text.Json.Serialization;

namespace Flotilla.Api.Fleet;

/// <summary>fleet's Machine.</summary>
public sealed record FleetMachine(
    string Id,
    [property: JsonPropertyName("primaryIP")] string PrimaryIp,
    IReadOnlyDictionary<string, string> Metadata);
