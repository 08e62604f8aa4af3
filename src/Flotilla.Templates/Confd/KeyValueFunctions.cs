using Flotilla.Templates.Execution;

namespace Flotilla.Templates.Confd;

/// <summary>
/// confd's store functions (memkv semantics, including its quirks): get, gets, getv, getvs, exists, ls, lsdir.
/// </summary>
internal sealed class KeyValueFunctions(IKeyValueSource source)
{
    private const string KVPairType = "memkv.KVPair";

    public bool Exists(string key) => source.TryGetValue(key, out _);

    public KVPair Get(string key) =>
        source.TryGetValue(key, out var value) ? new KVPair(key, value) : throw NotExist(key);

    private static TemplateFunctionException NotExist(string key) => new("key does not exist: " + key);

    /// <summary>Every pair whose key matches the path.Match pattern, sorted by key (memkv.KVPairs).</summary>
    public GoSlice GetAll(string pattern)
    {
        var matches = new List<KVPair>();
        foreach (var pair in source.Pairs)
        {
            if (GoPath.Match(pattern, pair.Key))
            {
                matches.Add(pair);
            }
        }
        matches.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new GoSlice("memkv.KVPairs", KVPairType, [.. matches]);
    }

    public string GetValue(string key, params string[] defaults)
    {
        if (source.TryGetValue(key, out var value))
        {
            return value;
        }
        return defaults.Length > 0 ? defaults[0] : throw NotExist(key);
    }

    /// <summary>The values of every matching key, sorted by value.</summary>
    public string[] GetAllValues(string pattern)
    {
        var values = GetAll(pattern).Items.Cast<KVPair>().Select(p => p.Value).ToArray();
        Array.Sort(values, string.CompareOrdinal);
        return values;
    }

    /// <summary>memkv.List: the distinct first path element below <paramref name="path"/> (or the key's own name).</summary>
    public string[] List(string path)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var prefix = GoPath.Terms(path);
        foreach (var pair in source.Pairs)
        {
            if (pair.Key == path)
            {
                names.Add(GoPath.Base(pair.Key));
                continue;
            }
            if (HasPrefixTerms(prefix, GoPath.Terms(GoPath.Dir(pair.Key))))
            {
                names.Add(StripKey(pair.Key, path).Split('/')[0]);
            }
        }
        return [.. names];
    }

    /// <summary>memkv.ListDir: the children of <paramref name="path"/> that have children themselves.</summary>
    public string[] ListDir(string path)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var prefix = GoPath.Terms(path);
        foreach (var pair in source.Pairs)
        {
            if (!pair.Key.StartsWith(path, StringComparison.Ordinal))
            {
                continue;
            }
            var items = GoPath.Terms(GoPath.Dir(pair.Key));
            if (HasPrefixTerms(prefix, items) && items.Length - prefix.Length >= 1)
            {
                names.Add(items[prefix.Length]);
            }
        }
        return [.. names];
    }

    private static string StripKey(string key, string prefix)
    {
        var stripped = key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key;
        return stripped.StartsWith('/') ? stripped[1..] : stripped;
    }

    private static bool HasPrefixTerms(string[] prefix, string[] test)
    {
        if (test.Length < prefix.Length)
        {
            return false;
        }
        for (var i = 0; i < prefix.Length; i++)
        {
            if (prefix[i] != test[i])
            {
                return false;
            }
        }
        return true;
    }
}
