using Flotilla.Engine.Scheduling;
using Flotilla.Units.Fleet;

namespace Flotilla.Benchmarks;

/// <summary>
/// A deterministic, fleet-like cluster for the scheduler benchmarks: machines with region and disk
/// metadata; units that are mostly plain, about 10 % with MachineMetadata, one template of instances
/// that conflict with each other (fewer instances than machines, so all fit), MachineOf pairs, Replaces
/// pairs and a handful of global units (one with metadata, one with a conflict).
/// </summary>
internal static class BenchmarkCluster
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static ClusterView Create(int machineCount, int unitCount, int seed = 42)
    {
        var random = new Random(seed);
        var machines = new List<ClusterMachine>(machineCount);
        for (var m = 0; m < machineCount; m++)
        {
            // Real machine IDs are random hex, so ID order is unrelated to creation order.
            var id = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + $"{m:x8}";
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["region"] = random.Next(2) == 0 ? "eu" : "us" };
            if (random.Next(3) == 0)
            {
                metadata["disk"] = "ssd";
            }

            machines.Add(new ClusterMachine(id, metadata));
        }

        var units = new List<ClusterUnit>(unitCount);
        Add(units, "journal-shipper.service", new FleetRequirements { Global = true });
        Add(units, "node-exporter.service", new FleetRequirements { Global = true });
        Add(units, "ssd-trim.service", new FleetRequirements { Global = true, Metadata = Meta("disk", "ssd") });
        Add(units, "eu-proxy.service", new FleetRequirements { Global = true, Metadata = Meta("region", "eu") });
        Add(units, "legacy-agent.service", new FleetRequirements { Global = true, Conflicts = ["batch-*.service"] });

        var web = new FleetRequirements { Conflicts = ["web@*.service"] };
        for (var i = 0; i < Math.Min(machineCount / 2, unitCount / 20); i++)
        {
            Add(units, $"web@{i}.service", web);
        }

        for (var i = 0; i < unitCount / 500; i++)
        {
            Add(units, $"db-{i:D5}.service", FleetRequirements.None);
            Add(units, $"db-{i:D5}-backup.service", new FleetRequirements { MachineOf = [$"db-{i:D5}.service"] });
        }

        for (var i = 0; i < unitCount / 1000; i++)
        {
            Add(units, $"api-v1-{i:D5}.service", FleetRequirements.None);
            Add(units, $"api-v2-{i:D5}.service", new FleetRequirements { Replaces = [$"api-v1-{i:D5}.service"] });
        }

        for (var i = 0; units.Count < unitCount; i++)
        {
            var requirements = random.Next(10) switch
            {
                0 => random.Next(3) switch
                {
                    0 => new FleetRequirements { Metadata = Meta("region", "eu") },
                    1 => new FleetRequirements { Metadata = Meta("disk", "ssd") },
                    _ => new FleetRequirements { MetadataNot = Meta("region", "us") },
                },
                _ => FleetRequirements.None,
            };
            var name = random.Next(20) == 0 ? $"batch-{i:D6}.service" : $"svc-{i:D6}.service";
            Add(units, name, requirements);
        }

        return new ClusterView(units, machines, new Dictionary<string, string>(StringComparer.Ordinal), Now, TimeSpan.FromMinutes(1));
    }

    /// <summary>The view after the plan was applied, as the leader sees it on its next decision.</summary>
    public static ClusterView Applied(ClusterView view, Plan plan)
    {
        var assignments = new Dictionary<string, string>(view.Assignments, StringComparer.Ordinal);
        foreach (var step in plan.Unschedules)
        {
            assignments.Remove(step.Unit);
        }

        foreach (var step in plan.Schedules)
        {
            assignments[step.Unit] = step.Machine;
        }

        return view with { Assignments = assignments };
    }

    /// <summary>The same view with <paramref name="count"/> more unassigned units, some with metadata.</summary>
    public static ClusterView WithNewUnits(ClusterView view, int count)
    {
        var units = view.Units.ToList();
        for (var i = 0; i < count; i++)
        {
            Add(units, $"new-{i:D4}.service", i % 10 == 0 ? new FleetRequirements { Metadata = Meta("region", "eu") } : FleetRequirements.None);
        }

        return view with { Units = units };
    }

    private static void Add(List<ClusterUnit> units, string name, FleetRequirements requirements) =>
        units.Add(new ClusterUnit(name, requirements, DesiredState.Launched));

    private static Dictionary<string, IReadOnlyList<string>> Meta(string key, string value) =>
        new(StringComparer.Ordinal) { [key] = [value] };
}
