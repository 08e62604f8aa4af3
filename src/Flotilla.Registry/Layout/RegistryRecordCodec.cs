using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Turns the layout's records into registry values (UTF-8 JSON) and back. Decoding never guesses: a value
/// that is not valid JSON, lacks a field, has no schema version or one newer than this flotilla knows
/// fails with a <see cref="RegistryRecordException"/> that names the key, so an operator can find it.
/// </summary>
public sealed class RegistryRecordCodec
{
    private const string VersionProperty = "schemaVersion";

    private readonly Dictionary<Type, object> _schemas;

    public RegistryRecordCodec()
    {
        RegistryJsonContext json = RegistryJsonContext.Default;
        IReadOnlyList<Func<JsonObject, JsonObject>> none = [];
        _schemas = new Dictionary<Type, object>
        {
            [typeof(UnitRecord)] = new RecordSchema<UnitRecord>("unit record", json.UnitRecord, UnitRecord.CurrentSchemaVersion, none, UnitProblem),
            [typeof(AssignmentRecord)] = new RecordSchema<AssignmentRecord>("assignment record", json.AssignmentRecord, AssignmentRecord.CurrentSchemaVersion, none),
            [typeof(MachineRecord)] = new RecordSchema<MachineRecord>("machine record", json.MachineRecord, MachineRecord.CurrentSchemaVersion, none, MachineProblem),
            [typeof(UnitStateRecord)] = new RecordSchema<UnitStateRecord>("unit state record", json.UnitStateRecord, UnitStateRecord.CurrentSchemaVersion, none),
            [typeof(PlacementReasonRecord)] = new RecordSchema<PlacementReasonRecord>("placement reason record", json.PlacementReasonRecord, PlacementReasonRecord.CurrentSchemaVersion, none),
        };
    }

    public static RegistryRecordCodec Default { get; } = new();

    /// <summary>The record as UTF-8 JSON.</summary>
    /// <exception cref="ArgumentException">The record is not of the current schema version (only current records are written).</exception>
    public ReadOnlyMemory<byte> Encode<T>(T record)
        where T : class, IRegistryRecord
    {
        ArgumentNullException.ThrowIfNull(record);
        RecordSchema<T> schema = SchemaOf<T>();
        if (record.SchemaVersion != schema.CurrentVersion)
        {
            throw new ArgumentException($"{schema.What} has schema version {record.SchemaVersion}; only version {schema.CurrentVersion} is written", nameof(record));
        }

        return JsonSerializer.SerializeToUtf8Bytes(record, schema.TypeInfo);
    }

    /// <summary>Reads the record stored at <paramref name="key"/>, migrating older schema versions.</summary>
    /// <exception cref="RegistryRecordException">The value is not a record of this type that this flotilla understands.</exception>
    public T Decode<T>(string key, ReadOnlyMemory<byte> value)
        where T : class, IRegistryRecord
    {
        RecordSchema<T> schema = SchemaOf<T>();
        ReadOnlySpan<byte> json = value.Span;
        T? record;
        try
        {
            int version = PeekVersion(key, json);
            if (version <= 0)
            {
                throw new RegistryRecordException(key, $"key {key} holds a {schema.What} without a schema version ({VersionProperty} missing or {version}): it was not written by flotilla, or is corrupt", null);
            }

            if (version > schema.CurrentVersion)
            {
                throw new RegistryRecordException(key, $"key {key} has schema version {version}; this flotilla understands up to {schema.CurrentVersion}: upgrade flotilla", null);
            }

            record = version == schema.CurrentVersion ? schema.DecodeCurrent(json) : schema.DecodeMigrated(json, version);
        }
        catch (JsonException error)
        {
            throw new RegistryRecordException(key, $"key {key} does not hold a valid {schema.What}: {error.Message}", error);
        }

        string? problem = record is null ? "it is null" : schema.Problem(record);
        if (problem is not null)
        {
            throw new RegistryRecordException(key, $"key {key} does not hold a valid {schema.What}: {problem}", null);
        }

        return record!;
    }

    // Reads only the top-level schemaVersion, so the version is known before the record's shape is
    // trusted: a newer record may have fields or types this flotilla would misread.
    private static int PeekVersion(string key, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the value is not a JSON object");
        }

        int version = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isVersion = reader.ValueTextEquals(VersionProperty);
            reader.Read();
            if (isVersion)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out version))
                {
                    throw new RegistryRecordException(key, $"key {key} has a {VersionProperty} that is not a whole number", null);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // Reading to the end also proves the whole value is well-formed JSON before anything else.
        while (reader.Read())
        {
        }

        return version;
    }

    private RecordSchema<T> SchemaOf<T>()
        where T : class, IRegistryRecord =>
        _schemas.TryGetValue(typeof(T), out object? schema)
            ? (RecordSchema<T>)schema
            : throw new InvalidOperationException($"{typeof(T).Name} is not a registry record type");

    private static string? UnitProblem(UnitRecord unit) =>
        Enum.IsDefined(unit.DesiredState) ? null : $"desired state {(int)unit.DesiredState} is not inactive, loaded or launched";

    private static string? MachineProblem(MachineRecord machine) =>
        machine.Metadata.Any(pair => pair.Value is null) ? "metadata values must not be null" : null;
}
