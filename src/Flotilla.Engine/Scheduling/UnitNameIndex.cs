using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Scheduling;

/// <summary>
/// The submitted units' names in ordinal order, so a unit is an index and index order is name order.
/// Resolves <c>Conflicts=</c> and <c>Replaces=</c> globs once per distinct pattern: only names that
/// start with the pattern's literal prefix are tried, so <c>web@*.service</c> looks at the web
/// instances only instead of at every unit.
/// </summary>
internal sealed class UnitNameIndex
{
    private readonly string[] names;
    private readonly Dictionary<string, int> indexOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> matches = new(StringComparer.Ordinal);

    /// <param name="sortedNames">Distinct names in ordinal order.</param>
    public UnitNameIndex(string[] sortedNames)
    {
        names = sortedNames;
        for (var i = 0; i < names.Length; i++)
        {
            indexOf.Add(names[i], i);
        }
    }

    public int Count => names.Length;

    public string this[int unit] => names[unit];

    /// <summary>The unit's index, or -1 when no unit of that name is submitted.</summary>
    public int IndexOf(string name) => indexOf.TryGetValue(name, out var index) ? index : -1;

    /// <summary>The units whose names match the glob, in ascending order (a malformed glob matches none).</summary>
    public int[] Matches(string pattern)
    {
        if (matches.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        var prefix = LiteralPrefix(pattern);
        var found = new List<int>();
        for (var i = LowerBound(prefix); i < names.Length && names[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            if (FleetGlob.IsMatch(pattern, names[i]))
            {
                found.Add(i);
            }
        }

        return matches[pattern] = [.. found];
    }

    /// <summary>Whether <paramref name="unit"/> is among <paramref name="matched"/>, a result of <see cref="Matches"/>.</summary>
    public static bool Contains(int[] matched, int unit) => Array.BinarySearch(matched, unit) >= 0;

    // Everything before the first glob character must appear verbatim at the start of a matching name.
    private static string LiteralPrefix(string pattern)
    {
        var end = pattern.AsSpan().IndexOfAny("*?[\\");
        return end < 0 ? pattern : pattern[..end];
    }

    // Names sharing a prefix are contiguous in ordinal order; this finds the first one not below it.
    private int LowerBound(string prefix)
    {
        int low = 0, high = names.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (string.CompareOrdinal(names[mid], prefix) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
