namespace Flotilla.Engine.Scheduling;

/// <summary>
/// Which <c>Replaces=</c> edges take effect. fleet ignores circular replaces; an edge a -> b counts only
/// when b cannot reach a again, so every unit on a cycle keeps its place instead of evicting forever.
/// A unit never replaces its own MachineOf peers.
/// </summary>
internal sealed class ReplaceGraph
{
    private readonly int[][] edges;
    private readonly bool[] isTarget;

    // Whether an edge takes effect never changes during a pass; the reachability search is paid once per edge asked about.
    private readonly Dictionary<(int, int), bool> effective = [];

    public ReplaceGraph(IReadOnlyList<ClusterUnit> units, UnitNameIndex names)
    {
        edges = new int[units.Count][];
        isTarget = new bool[units.Count];
        for (var u = 0; u < units.Count; u++)
        {
            var requirements = units[u].Requirements;
            if (requirements.Replaces.Count == 0)
            {
                edges[u] = [];
                continue;
            }

            var targets = new SortedSet<int>();
            foreach (var pattern in requirements.Replaces)
            {
                foreach (var other in names.Matches(pattern))
                {
                    // Replacing one's own peer is rejected by validation ("peer matches replace"); should such
                    // a unit reach the engine anyway, honouring it would make the pair evict each other forever.
                    if (other != u && !requirements.MachineOf.Contains(names[other], StringComparer.Ordinal))
                    {
                        targets.Add(other);
                        isTarget[other] = true;
                    }
                }
            }

            edges[u] = [.. targets];
        }
    }

    /// <summary>Whether the unit's <c>Replaces=</c> names any other unit (taking effect or not).</summary>
    public bool HasTargets(int unit) => edges[unit].Length > 0;

    /// <summary>Whether some unit's <c>Replaces=</c> names this one (taking effect or not).</summary>
    public bool IsTarget(int unit) => isTarget[unit];

    /// <summary>Whether <paramref name="replacer"/> pushes <paramref name="replaced"/> off its machine.</summary>
    public bool Replaces(int replacer, int replaced)
    {
        if (Array.BinarySearch(edges[replacer], replaced) < 0)
        {
            return false;
        }

        if (!effective.TryGetValue((replacer, replaced), out var takesEffect))
        {
            effective[(replacer, replaced)] = takesEffect = !Reaches(replaced, replacer);
        }

        return takesEffect;
    }

    private bool Reaches(int from, int to)
    {
        var seen = new HashSet<int> { from };
        var queue = new Queue<int>([from]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in edges[current])
            {
                if (next == to)
                {
                    return true;
                }

                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return false;
    }
}
