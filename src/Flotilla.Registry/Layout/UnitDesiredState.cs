using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>fleet's target state of a unit, stored (and shown by the API) as fleet's lowercase words.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UnitDesiredState>))]
public enum UnitDesiredState
{
    [JsonStringEnumMemberName("inactive")]
    Inactive,

    [JsonStringEnumMemberName("loaded")]
    Loaded,

    [JsonStringEnumMemberName("launched")]
    Launched,
}
