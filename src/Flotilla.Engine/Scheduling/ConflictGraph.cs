namespace Flotilla.Engine.Scheduling;

/// <summary>
/// <see cref="PlacementRules.Conflict"/> over unit indexes, with every <c>Conflicts=</c> glob resolved
/// once: a check is then a binary search per pattern instead of a glob match.
/// </summary>
internal sealed class ConflictGraph
{
    private readonly int[][][] matchedBy;

    public ConflictGraph(IReadOnlyList<ClusterUnit> units, UnitNameIndex names)
    {
        matchedBy = new int[units.Count][][];
        for (var u = 0; u < units.Count; u++)
        {
            var patterns = units[u].Requirements.Conflicts;
            matchedBy[u] = patterns.Count == 0 ? [] : [.. patterns.Select(names.Matches)];
        }
    }

    /// <summary>Whether the unit names any <c>Conflicts=</c> pattern at all.</summary>
    public bool HasPatterns(int unit) => matchedBy[unit].Length > 0;

    /// <summary>The units each of the unit's patterns matches, in pattern order.</summary>
    public int[][] Matched(int unit) => matchedBy[unit];

    /// <summary>Conflicts are checked both ways and a unit never conflicts with itself.</summary>
    public bool Conflict(int a, int b) => a != b && (Names(a, b) || Names(b, a));

    private bool Names(int unit, int other)
    {
        foreach (var matched in matchedBy[unit])
        {
            if (UnitNameIndex.Contains(matched, other))
            {
                return true;
            }
        }

        return false;
    }
}
