namespace Flotilla.Templates.Execution;

/// <summary>A Go map with string keys; entries are kept in Go's sorted (byte) key order for printing and range.</summary>
internal sealed class GoMap(string valueType, SortedDictionary<string, object?> entries)
{
    public string ValueType { get; } = valueType;

    public string TypeName => "map[string]" + ValueType;

    public SortedDictionary<string, object?> Entries { get; } = entries;

    public static SortedDictionary<string, object?> NewEntries() => new(StringComparer.Ordinal);
}
