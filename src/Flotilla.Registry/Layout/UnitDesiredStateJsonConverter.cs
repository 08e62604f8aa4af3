using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Reads and writes <see cref="UnitDesiredState"/> strictly as fleet's strings. The stock string-enum
/// converter would also accept numbers and other casings, letting a corrupt record decode to a state
/// that does not exist.
/// </summary>
public sealed class UnitDesiredStateJsonConverter : JsonConverter<UnitDesiredState>
{
    public override UnitDesiredState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (!UnitDesiredStateText.TryParse(text, out UnitDesiredState state))
        {
            string shown = text is null ? reader.TokenType.ToString() : $"\"{text}\"";
            throw new JsonException($"desired state {shown} is not one of \"{UnitDesiredStateText.Inactive}\", \"{UnitDesiredStateText.Loaded}\", \"{UnitDesiredStateText.Launched}\"");
        }

        return state;
    }

    public override void Write(Utf8JsonWriter writer, UnitDesiredState value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToFleetString());
}
