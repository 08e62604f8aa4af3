using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Flotilla.Registry.Data;

namespace Flotilla.Registry.Layout;

/// <summary>
/// Turns the layout's records into UTF-8 JSON values and back. Decoding never returns a half-read
/// record: anything unreadable is a <see cref="RegistryRecordException"/> that names the key, so an
/// operator can find (and fix or delete) the offending value.
/// </summary>
/// <remarks>
/// Every value carries <c>schemaVersion</c>. A value from a newer Flotilla is refused rather than
/// misread (during a rolling upgrade the old agents say so instead of dropping fields); a value from an
/// older one is upgraded step by step in <see cref="UpgradeStep"/> before it is deserialized.
/// </remarks>
public static class RegistryRecordCodec
{
    private const string VersionProperty = "schemaVersion";

    public static ReadOnlyMemory<byte> Encode<T>(T record)
        where T : class, IRegistryRecord
    {
        // Writing an older format would hide the record from its own upgrade path; writing a newer one is impossible.
        if (record.SchemaVersion != RegistrySchema.CurrentVersion)
        {
            throw new ArgumentException(
                $"{RecordName<T>()} has schema version {record.SchemaVersion}; only version {RegistrySchema.CurrentVersion} can be written",
                nameof(record));
        }

        return JsonSerializer.SerializeToUtf8Bytes(record, TypeInfo<T>());
    }

    public static T Decode<T>(KeyValue item)
        where T : class, IRegistryRecord =>
        Decode<T>(item.Key, item.Value);

    /// <exception cref="RegistryRecordException">The value is not a readable <typeparamref name="T"/>.</exception>
    public static T Decode<T>(string key, ReadOnlyMemory<byte> value)
        where T : class, IRegistryRecord
    {
        string what = RecordName<T>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value);
        }
        catch (JsonException error)
        {
            throw new RegistryRecordException(key, $"key {key} does not hold valid JSON (expected a {what}): {error.Message}", error);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RegistryRecordException(key, $"key {key} holds a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not a {what}", null);
            }

            int version = ReadVersion(key, root, what);
            try
            {
                T? record = version == RegistrySchema.CurrentVersion
                    ? root.Deserialize(TypeInfo<T>())
                    : Upgrade<T>(key, root, version).Deserialize(TypeInfo<T>());
                return record ?? throw new JsonException("the value is null");
            }
            catch (JsonException error)
            {
                throw new RegistryRecordException(key, $"key {key} holds an invalid {what}: {error.Message}", error);
            }
        }
    }

    private static int ReadVersion(string key, JsonElement root, string what)
    {
        if (!root.TryGetProperty(VersionProperty, out JsonElement element))
        {
            throw new RegistryRecordException(key, $"key {key} holds a {what} without {VersionProperty}", null);
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int version) || version < 1)
        {
            throw new RegistryRecordException(key, $"key {key} has invalid schema version {element.GetRawText()}; versions start at 1", null);
        }

        if (version > RegistrySchema.CurrentVersion)
        {
            throw new RegistryRecordException(
                key,
                $"key {key} has schema version {version}; this flotilla understands up to {RegistrySchema.CurrentVersion}: upgrade flotilla",
                null);
        }

        return version;
    }

    /// <summary>Applies the upgrade steps from <paramref name="version"/> to the current version, one at a time.</summary>
    private static JsonObject Upgrade<T>(string key, JsonElement root, int version)
    {
        JsonObject record = JsonObject.Create(root)!;
        for (int from = version; from < RegistrySchema.CurrentVersion; from++)
        {
            record = UpgradeStep(typeof(T), from, record)
                ?? throw new RegistryRecordException(key, $"key {key}: no upgrade of a {RecordName<T>()} from schema version {from}", null);
            record[VersionProperty] = from + 1;
        }

        return record;
    }

    /// <summary>
    /// One step from version <paramref name="from"/> to <paramref name="from"/> + 1 for one record type,
    /// or null when there is none. Version 1 is the first, so there are no steps yet. When version 2
    /// changes a record, add an arm such as
    /// <c>(1, Type t) when t == typeof(UnitRecord) =&gt; RenameProperty(record, "text", "unitText")</c>;
    /// records that did not change between versions pass through with <c>(1, _) =&gt; record</c>.
    /// </summary>
    private static JsonObject? UpgradeStep(Type recordType, int from, JsonObject record) => (from, recordType) switch
    {
        _ => null,
    };

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        RegistryJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a registry record (add it to {nameof(RegistryJsonContext)})");

    private static string RecordName<T>() => typeof(T).Name switch
    {
        nameof(UnitRecord) => "unit record",
        nameof(AssignmentRecord) => "assignment record",
        nameof(MachineRecord) => "machine record",
        nameof(UnitStateRecord) => "unit state record",
        nameof(PlacementReasonRecord) => "placement reason record",
        nameof(GlobalUnitRecord) => "global unit record",
        string other => other,
    };
}
