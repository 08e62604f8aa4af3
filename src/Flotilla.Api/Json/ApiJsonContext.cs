using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Flotilla.Api.Errors;
using Flotilla.Api.Fleet;
using Flotilla.Api.Native;

namespace Flotilla.Api.Json;

/// <summary>
/// Source-generated JSON for every body the API reads or writes: camelCase, with fleet's spellings
/// (machineID, primaryIP) set per property.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ApiErrorBody))]
[JsonSerializable(typeof(FleetUnit))]
[JsonSerializable(typeof(FleetUnitPage))]
[JsonSerializable(typeof(FleetStatePage))]
[JsonSerializable(typeof(FleetMachinePage))]
[JsonSerializable(typeof(List<JsonPatchOperation>))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(UnitDetail))]
[JsonSerializable(typeof(JournalLine))]
[JsonSerializable(typeof(KvEntry))]
[JsonSerializable(typeof(KvListing))]
[JsonSerializable(typeof(KvDeleted))]
[JsonSerializable(typeof(KvWatchEvent))]
[JsonSerializable(typeof(ClusterEvent))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the API writes with: like fleet's Go encoder, it leaves quotes and apostrophes in
    /// strings as they are (unit options are full of them) instead of \u0022-escaping them.
    /// </summary>
    public static ApiJsonContext Web { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
