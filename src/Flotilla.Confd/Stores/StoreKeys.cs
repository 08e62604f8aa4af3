namespace Flotilla.Confd.Stores;

/// <summary>Which stored keys belong to a resource key: the key itself and everything below it ("/app" never pulls "/application").</summary>
public static class StoreKeys
{
    public static bool Covers(string root, string key) =>
        key == root || key.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    public static bool CoveredByAny(IReadOnlyList<string> roots, string key) => roots.Any(root => Covers(root, key));

    /// <summary>The longest string every root starts with: one prefix watch then sees all of them.</summary>
    public static string CommonPrefix(IReadOnlyList<string> roots)
    {
        if (roots.Count == 0)
        {
            return "/";
        }
        var prefix = roots[0];
        foreach (var root in roots.Skip(1))
        {
            var length = 0;
            while (length < prefix.Length && length < root.Length && prefix[length] == root[length])
            {
                length++;
            }
            prefix = prefix[..length];
        }
        return prefix;
    }
}
