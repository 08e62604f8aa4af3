using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Source-generated JSON for the layout's records (no reflection, trimming-safe). Required constructor
/// parameters and non-nullable annotations are enforced, so a record missing a field fails to decode
/// instead of arriving half-empty.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(UnitRecord))]
[JsonSerializable(typeof(AssignmentRecord))]
[JsonSerializable(typeof(MachineRecord))]
[JsonSerializable(typeof(UnitStateRecord))]
[JsonSerializable(typeof(PlacementReasonRecord))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
