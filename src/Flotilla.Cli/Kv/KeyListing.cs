namespace Flotilla.Cli.Kv;

/// <summary>
/// etcd v2 had directories; our store has flat keys. <c>ls</c> derives them as etcdctl showed them:
/// the immediate children of a directory, or (recursive) every key and every directory on the way.
/// </summary>
internal static class KeyListing
{
    /// <param name="directory">An absolute key ("/" for the root).</param>
    /// <param name="keys">Keys under <paramref name="directory"/>.</param>
    public static IReadOnlyList<string> Children(string directory, IEnumerable<string> keys, bool recursive)
    {
        var prefix = directory.TrimEnd('/') + "/";
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length == prefix.Length)
            {
                continue;
            }

            var segments = key[prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var path = prefix.TrimEnd('/');
            for (var i = 0; i < segments.Length && (recursive || i == 0); i++)
            {
                path = $"{path}/{segments[i]}";
                result.Add(path);
            }
        }

        return result.ToList();
    }
}
