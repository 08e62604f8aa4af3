using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Tests.Scheduling;

/// <summary>
/// Random clusters of tens of machines and up to a few hundred units, shaped like real ones: template
/// instances that conflict with each other, MachineOf pairs, Replaces, globals with metadata and
/// conflicts, pinned machines, stale and missing assignments. Large enough for the indexes of the fast
/// scheduler to matter (several entangled units per machine, many metadata groups), small enough for
/// the reference scheduler to check it quickly.
/// </summary>
internal static class LargerRandomCluster
{
    private static readonly string[] Regions = ["eu", "us", "ap"];

    public static ClusterView Create(int seed)
    {
        var random = new Random(seed);
        var machineCount = random.Next(0, 25);
        var machines = new List<ClusterMachine>();
        for (var m = 0; m < machineCount; m++)
        {
            // Shared 8-character prefixes make short IDs ambiguous now and then.
            var id = $"{(char)('a' + random.Next(4))}{random.Next(3)}aaaaaa{m:x4}";
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (random.Next(4) != 0)
            {
                metadata["region"] = Pick(random, Regions);
            }

            if (random.Next(3) == 0)
            {
                metadata["disk"] = "ssd";
            }

            DateTimeOffset? missingSince = random.Next(8) switch
            {
                0 => Cluster.Now - TimeSpan.FromSeconds(1),
                1 => Cluster.Now - TimeSpan.FromMinutes(5),
                _ => null,
            };
            machines.Add(new ClusterMachine(id, metadata, missingSince));
        }

        var unitCount = random.Next(0, 250);
        var names = new List<string>();
        for (var i = 0; i < unitCount; i++)
        {
            names.Add(random.Next(8) switch
            {
                0 or 1 => $"web@{i}.service",
                2 => $"db-{i % 7}.service",
                3 => $"job-{i}.service",
                _ => $"app-{i:D3}.service",
            });
        }

        names = [.. names.Distinct()];
        var units = names.Select(name => new ClusterUnit(name, Requirements(random, name, names, machines), Desired(random))).ToList();
        var assignments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names.Where(_ => random.Next(3) == 0).Append("removed.service"))
        {
            assignments[name] = machines.Count == 0 || random.Next(10) == 0 ? "gone0000" : Pick(random, [.. machines.Select(m => m.Id)]);
        }

        return new ClusterView(units, machines, assignments, Cluster.Now, Cluster.Grace);
    }

    /// <summary>The view after the plan was applied, plus a few more units to place.</summary>
    public static ClusterView AppliedWithNewUnits(ClusterView view, Plan plan, int seed)
    {
        var random = new Random(seed);
        var assignments = new Dictionary<string, string>(view.Assignments, StringComparer.Ordinal);
        foreach (var step in plan.Unschedules)
        {
            assignments.Remove(step.Unit);
        }

        foreach (var step in plan.Schedules)
        {
            assignments[step.Unit] = step.Machine;
        }

        var names = view.Units.Select(u => u.Name).ToList();
        var units = view.Units.ToList();
        for (var i = 0; i < random.Next(1, 10); i++)
        {
            var name = random.Next(2) == 0 ? $"web@new{i}.service" : $"new-{i}.service";
            units.Add(new ClusterUnit(name, Requirements(random, name, names, view.Machines), DesiredState.Launched));
        }

        return view with { Units = units, Assignments = assignments };
    }

    private static DesiredState Desired(Random random) => random.Next(10) switch
    {
        0 => DesiredState.Inactive,
        1 => DesiredState.Loaded,
        _ => DesiredState.Launched,
    };

    private static FleetRequirements Requirements(Random random, string self, List<string> names, IReadOnlyList<ClusterMachine> machines)
    {
        var web = self.StartsWith("web@", StringComparison.Ordinal);
        var requirements = new FleetRequirements
        {
            MachineId = random.Next(25) == 0 && machines.Count > 0
                ? Pick(random, [.. machines.Select(m => m.Id)])[..(random.Next(2) == 0 ? 8 : 12)]
                : random.Next(80) == 0 ? "nosuchmachine" : null,
            Metadata = random.Next(8) switch
            {
                0 => Cluster.Meta("region=" + Pick(random, Regions)),
                1 => Cluster.Meta("region=eu", "region=us"),
                2 => Cluster.Meta("disk=ssd", "region=" + Pick(random, Regions)),
                _ => Cluster.Meta(),
            },
            MetadataNot = random.Next(12) == 0 ? Cluster.Meta("region=" + Pick(random, Regions)) : Cluster.Meta(),
            MachineOf = random.Next(12) == 0 && names.Count > 1
                ? [.. Enumerable.Range(0, random.Next(4) == 0 ? 2 : 1).Select(_ => Pick(random, [.. names.Where(n => n != self)]))]
                : [],
            Conflicts = web && random.Next(5) != 0 ? ["web@*.service"]
                : random.Next(15) == 0 ? [Pick(random, ["db-*.service", "job-?.service", "app-0[0-4]*.service", "*", "app-001.service"])]
                : [],
            Replaces = random.Next(20) == 0 ? [Pick(random, ["db-?.service", "app-01*.service", "job-*.service", "web@1*.service"])] : [],
            Global = random.Next(25) == 0,
        };

        // Validation rejects a peer that matches a conflict or replace; the engine never sees one.
        return requirements.MachineOf.Count > 0 ? requirements with { Conflicts = [], Replaces = [] } : requirements;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
