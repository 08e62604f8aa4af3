using System.Text.Json.Serialization;

namespace Flotilla.Cli.Verify;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VerificationJson))]
internal sealed partial class VerifyJsonContext : JsonSerializerContext
{
}
