using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>
/// The replace graph as it was before issue 4, for <see cref="ReferenceSchedulingPass"/>. Which <c>Replaces=</c> edges take effect. fleet ignores circular replaces; an edge a -> b counts only
/// when b cannot reach a again, so every unit on a cycle keeps its place instead of evicting forever.
/// A unit never replaces its own MachineOf peers.
/// </summary>
internal sealed class ReferenceReplaceGraph
{
    private readonly Dictionary<string, List<string>> edges = new(StringComparer.Ordinal);

    public ReferenceReplaceGraph(IReadOnlyList<ClusterUnit> units)
    {
        foreach (var unit in units)
        {
            edges[unit.Name] = units
                .Where(other => !string.Equals(other.Name, unit.Name, StringComparison.Ordinal)
                    // Replacing one's own peer is rejected by validation ("peer matches replace"); should such
                    // a unit reach the engine anyway, honouring it would make the pair evict each other forever.
                    && !unit.Requirements.MachineOf.Contains(other.Name, StringComparer.Ordinal)
                    && unit.Requirements.Replaces.Any(p => FleetGlob.IsMatch(p, other.Name)))
                .Select(other => other.Name)
                .ToList();
        }
    }

    /// <summary>Whether <paramref name="replacer"/> pushes <paramref name="replaced"/> off its machine.</summary>
    public bool Replaces(string replacer, string replaced) =>
        edges.TryGetValue(replacer, out var targets)
        && targets.Contains(replaced, StringComparer.Ordinal)
        && !Reaches(replaced, replacer);

    private bool Reaches(string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in edges.GetValueOrDefault(current) ?? [])
            {
                if (string.Equals(next, to, StringComparison.Ordinal))
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
