namespace Flotilla.Templates.Confd;

/// <summary>An immutable <see cref="IKeyValueSource"/> over a dictionary.</summary>
public sealed class KeyValueSnapshot : IKeyValueSource
{
    private readonly Dictionary<string, string> _values;

    public KeyValueSnapshot(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            _values[key] = value;
        }
    }

    public static KeyValueSnapshot Empty { get; } = new([]);

    public IEnumerable<KVPair> Pairs => _values.Select(p => new KVPair(p.Key, p.Value));

    public bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);

    /// <summary>
    /// The view confd gives one resource: for each resource key k, every stored key equal to
    /// path.Join(prefix, k) or below it (so <c>/app</c> does not pull <c>/application</c>), renamed to
    /// path.Join("/", key without the prefix). Keys outside <paramref name="resourceKeys"/> stay invisible.
    /// </summary>
    /// <param name="prefix">The effective prefix (the global one if set, else the resource's; "" or "/" for none).</param>
    /// <param name="resourceKeys">The resource's <c>keys</c>.</param>
    /// <param name="stored">Everything the store returned for those keys (more is fine; it is filtered).</param>
    public static KeyValueSnapshot ForResource(string prefix, IEnumerable<string> resourceKeys, IEnumerable<KeyValuePair<string, string>> stored)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(resourceKeys);
        ArgumentNullException.ThrowIfNull(stored);
        var normalizedPrefix = GoPath.Join("/", prefix);
        var roots = resourceKeys.Select(k => GoPath.Join(normalizedPrefix, k)).Distinct(StringComparer.Ordinal).ToArray();
        var visible = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in stored)
        {
            var selected = roots.Any(root => key == root || key.StartsWith(root == "/" ? "/" : root + "/", StringComparison.Ordinal));
            if (selected)
            {
                var relative = key.StartsWith(normalizedPrefix, StringComparison.Ordinal) ? key[normalizedPrefix.Length..] : key;
                visible.Add(new(GoPath.Join("/", relative), value));
            }
        }
        return new KeyValueSnapshot(visible);
    }
}
