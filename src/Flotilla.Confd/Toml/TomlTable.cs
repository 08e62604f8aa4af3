namespace Flotilla.Confd.Toml;

/// <summary>
/// One TOML table. Values are <see cref="string"/>, <see cref="long"/>, <see cref="bool"/>,
/// <see cref="double"/>, <see cref="IReadOnlyList{T}"/> of values, or nested tables. Keys match
/// case-insensitively, as confd's TOML decoder matched them to its fields. <see cref="LineOf"/> gives the
/// line a key was set on, so callers can name it in their own errors.
/// </summary>
public sealed class TomlTable
{
    private readonly Dictionary<string, object> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _lines = new(StringComparer.OrdinalIgnoreCase);

    public TomlTable(int line) => Line = line;

    /// <summary>The line the table was opened on (its header, or 1 for the root).</summary>
    public int Line { get; }

    public IEnumerable<string> Keys => _values.Keys;

    public bool Contains(string key) => _values.ContainsKey(key);

    public bool TryGet(string key, out object value) => _values.TryGetValue(key, out value!);

    public int LineOf(string key) => _lines.TryGetValue(key, out var line) ? line : Line;

    internal bool TryAdd(string key, object value, int line)
    {
        if (!_values.TryAdd(key, value))
        {
            return false;
        }
        _lines[key] = line;
        return true;
    }
}
