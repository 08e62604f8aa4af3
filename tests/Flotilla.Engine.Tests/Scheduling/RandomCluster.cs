using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>
/// Small random clusters for the property tests. Names and IDs come from tiny pools so rules collide
/// often (conflicts, peers, replaces, pinned machines), which is where scheduling bugs hide.
/// </summary>
internal static class RandomCluster
{
    private static readonly string[] UnitNames =
        ["a.service", "app.service", "db.service", "web@1.service", "web@2.service", "web@3.service"];

    private static readonly string[] MachineIds =
        ["aaaaaaaa0001", "aaaaaaaa0002", "bbbbbbbb0003", "cccccccc0004"];

    private static readonly string[] Regions = ["eu", "us"];

    public static ClusterView Create(int seed)
    {
        var random = new Random(seed);
        var machines = MachineIds.Take(random.Next(0, MachineIds.Length + 1))
            .Select(id => new ClusterMachine(
                id,
                random.Next(3) == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["region"] = Pick(random, Regions) },
                random.Next(5) switch
                {
                    0 => Cluster.Now - TimeSpan.FromSeconds(1),
                    1 => Cluster.Now - TimeSpan.FromMinutes(5),
                    _ => null,
                }))
            .ToList();

        var units = UnitNames.Where(_ => random.Next(4) != 0)
            .Select(name => new ClusterUnit(name, Requirements(random, name), (DesiredState)random.Next(3)))
            .ToList();

        var assignments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in UnitNames.Where(_ => random.Next(2) == 0))
        {
            assignments[name] = random.Next(6) == 0 ? "gone0000" : Pick(random, MachineIds);
        }

        return new ClusterView(units, machines, assignments, Cluster.Now, Cluster.Grace);
    }

    private static FleetRequirements Requirements(Random random, string self)
    {
        var requirements = AnyRequirements(random, self);

        // Validation rejects a peer that matches a conflict or replace; the engine never sees one.
        return requirements.MachineOf.Count > 0 ? requirements with { Conflicts = [], Replaces = [] } : requirements;
    }

    private static FleetRequirements AnyRequirements(Random random, string self) => new()
    {
        MachineId = random.Next(6) == 0 ? Pick(random, MachineIds)[..(random.Next(2) == 0 ? 8 : 12)] : null,
        Metadata = random.Next(4) == 0 ? Cluster.Meta("region=" + Pick(random, Regions)) : Cluster.Meta(),
        MetadataNot = random.Next(6) == 0 ? Cluster.Meta("region=" + Pick(random, Regions)) : Cluster.Meta(),
        MachineOf = random.Next(5) == 0 ? [Pick(random, UnitNames.Where(n => n != self).ToArray())] : [],
        Conflicts = random.Next(4) == 0 ? [Pick(random, ["web@*.service", "a.service", "*"])] : [],
        Replaces = random.Next(6) == 0 ? [Pick(random, ["web@?.service", "db.service", "app.service"])] : [],
        Global = random.Next(8) == 0,
    };

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>The same view with every input list and map in another order.</summary>
    public static ClusterView Shuffled(ClusterView view, int seed)
    {
        var random = new Random(seed);
        var assignments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (unit, machine) in view.Assignments.OrderBy(_ => random.Next()))
        {
            assignments[unit] = machine;
        }

        return view with
        {
            Units = [.. view.Units.OrderBy(_ => random.Next())],
            Machines = [.. view.Machines.OrderBy(_ => random.Next())],
            Assignments = assignments,
        };
    }
}
