using System.Text.Json.Serialization;

namespace Flotilla.Api.Fleet;

/// <summary>One page of unit states; <see cref="NextPageToken"/> is present while more follow.</summary>
public sealed record FleetStatePage(
    IReadOnlyList<FleetUnitState> States,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken);
