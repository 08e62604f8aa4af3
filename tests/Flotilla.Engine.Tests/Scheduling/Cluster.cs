using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>Builds small views for the scheduler tests with as little noise as possible.</summary>
internal sealed class Cluster
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly List<ClusterUnit> units = [];
    private readonly List<ClusterMachine> machines = [];
    private readonly Dictionary<string, string> assignments = new(StringComparer.Ordinal);

    public Cluster Machine(string id, string? metadata = null, TimeSpan? missingFor = null)
    {
        var pairs = (metadata ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        machines.Add(new ClusterMachine(id, pairs, missingFor is { } gap ? Now - gap : null));
        return this;
    }

    public Cluster Unit(string name, FleetRequirements? requirements = null, DesiredState desired = DesiredState.Launched, string? on = null)
    {
        units.Add(new ClusterUnit(name, requirements ?? FleetRequirements.None, desired));
        if (on is not null)
        {
            assignments[name] = on;
        }

        return this;
    }

    public Cluster Assign(string unit, string machine)
    {
        assignments[unit] = machine;
        return this;
    }

    public ClusterView View() => new(units, machines, assignments, Now, Grace);

    public Plan Decide() => Scheduler.Decide(View());

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Meta(params string[] pairs) =>
        pairs.Select(p => p.Split('='))
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p[1])], StringComparer.Ordinal);
}
