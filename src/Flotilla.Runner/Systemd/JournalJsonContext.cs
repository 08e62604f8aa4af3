using System.Text.Json.Serialization;

namespace Flotilla.Runner.Systemd;

[JsonSerializable(typeof(JournalRecord))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
