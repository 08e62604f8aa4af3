using System.Text.Json.Serialization;

namespace Flotilla.Api.Fleet;

/// <summary>One page of machines; <see cref="NextPageToken"/> is present while more follow.</summary>
public sealed record FleetMachinePage(
    IReadOnlyList<FleetMachine> Machines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken);
