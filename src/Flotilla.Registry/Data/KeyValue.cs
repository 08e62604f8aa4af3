using System.Text;

namespace Flotilla.Registry.Data;

/// <summary>
/// One key as the store holds it. <see cref="CreateRevision"/> is the revision that created the key
/// (0 for a deletion event), <see cref="ModRevision"/> the revision of its last change and
/// <see cref="Version"/> the number of writes since it was created.
/// </summary>
public sealed class KeyValue
{
    public KeyValue(string key, ReadOnlyMemory<byte> value, long createRevision, long modRevision, long version, long leaseId)
    {
        Key = key;
        Value = value;
        CreateRevision = createRevision;
        ModRevision = modRevision;
        Version = version;
        LeaseId = leaseId;
    }

    public string Key { get; }

    public ReadOnlyMemory<byte> Value { get; }

    public long CreateRevision { get; }

    public long ModRevision { get; }

    public long Version { get; }

    /// <summary>The lease the key is attached to, or 0.</summary>
    public long LeaseId { get; }

    /// <summary>The value decoded as UTF-8.</summary>
    public string ValueText => Encoding.UTF8.GetString(Value.Span);

    public override string ToString() => $"{Key} (create {CreateRevision}, mod {ModRevision}, version {Version})";
}
