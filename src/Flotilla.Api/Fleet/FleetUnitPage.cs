using System.Text.Json.Serialization;

namespace Flotilla.Api.Fleet;

/// <summary>One page of units; <see cref="NextPageToken"/> is present while more follow.</summary>
public sealed record FleetUnitPage(
    IReadOnlyList<FleetUnit> Units,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken);
