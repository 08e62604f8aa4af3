using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Source-generated JSON for the layout's records: no reflection (trimming and start-up time), camelCase
/// names, and strict reading: a missing constructor field or a null where the record has no null is an
/// error rather than a record with holes.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(UnitRecord))]
[JsonSerializable(typeof(AssignmentRecord))]
[JsonSerializable(typeof(MachineRecord))]
[JsonSerializable(typeof(UnitStateRecord))]
[JsonSerializable(typeof(PlacementReasonRecord))]
[JsonSerializable(typeof(GlobalUnitRecord))]
public sealed partial class RegistryJsonContext : JsonSerializerContext
{
}
