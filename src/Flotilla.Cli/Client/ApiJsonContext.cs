using System.Text.Json.Serialization;

namespace Flotilla.Cli.Client;

/// <summary>Source-generated JSON for every shape the CLI exchanges with an agent.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FleetUnit))]
[JsonSerializable(typeof(FleetUnitPage))]
[JsonSerializable(typeof(FleetStatePage))]
[JsonSerializable(typeof(FleetMachinePage))]
[JsonSerializable(typeof(ApiErrorBody))]
[JsonSerializable(typeof(AgentHealth))]
[JsonSerializable(typeof(UnitDetail))]
[JsonSerializable(typeof(JournalLine))]
[JsonSerializable(typeof(KvValue))]
[JsonSerializable(typeof(KvListing))]
[JsonSerializable(typeof(KvDeleted))]
[JsonSerializable(typeof(KvEvent))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
