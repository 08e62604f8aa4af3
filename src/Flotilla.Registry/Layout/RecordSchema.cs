using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Flotilla.Registry.Layout;

/// <summary>
/// How one record type is stored: its JSON contract, the newest schema version, the migrations that
/// lift older versions to it, and checks the JSON contract cannot express.
/// </summary>
/// <remarks>
/// To change a record's shape: bump its CurrentSchemaVersion and append one migration that rewrites the
/// previous version's JSON object into the new one; <c>Migrations[i]</c> lifts version i + 1 to i + 2.
/// </remarks>
internal sealed class RecordSchema<T>
    where T : class, IRegistryRecord
{
    public RecordSchema(string what, JsonTypeInfo<T> typeInfo, int currentVersion, IReadOnlyList<Func<JsonObject, JsonObject>> migrations, Func<T, string?>? problem = null)
    {
        if (migrations.Count != currentVersion - 1)
        {
            throw new InvalidOperationException($"{what} schema version {currentVersion} needs {currentVersion - 1} migrations, has {migrations.Count}");
        }

        What = what;
        TypeInfo = typeInfo;
        CurrentVersion = currentVersion;
        Migrations = migrations;
        Problem = problem ?? (_ => null);
    }

    /// <summary>The record's name in error messages ("unit record").</summary>
    public string What { get; }

    public JsonTypeInfo<T> TypeInfo { get; }

    public int CurrentVersion { get; }

    public IReadOnlyList<Func<JsonObject, JsonObject>> Migrations { get; }

    /// <summary>What is wrong with a decoded record beyond its JSON shape, or null.</summary>
    public Func<T, string?> Problem { get; }

    /// <summary>Decodes JSON of an older <paramref name="version"/> by migrating it step by step.</summary>
    public T? DecodeMigrated(ReadOnlySpan<byte> json, int version)
    {
        JsonObject node = JsonNode.Parse(json)!.AsObject();
        for (int from = version; from < CurrentVersion; from++)
        {
            node = Migrations[from - 1](node);
            node["schemaVersion"] = from + 1;
        }

        return node.Deserialize(TypeInfo);
    }

    public T? DecodeCurrent(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, TypeInfo);
}
