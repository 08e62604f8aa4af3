namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// A deterministic, fleet-like cluster of machines and units for the cluster-scale run. Machines carry
/// region (eu/us, alternating) and disk (ssd on every third) metadata. Units, in the mix a real cluster
/// has: four global units (two everywhere, one on ssd machines, one in eu); template instances
/// <c>web@N.service</c> that conflict with each other (one per two machines at most, so all fit); one in
/// twenty units a <c>MachineOf=</c> pair (a database and its backup sidekick); one in ten of the rest
/// restricted by <c>MachineMetadata=</c>; the others plain.
/// </summary>
internal sealed class ScaleWorkload
{
    private ScaleWorkload(IReadOnlyList<ScaleMachine> machines, IReadOnlyList<ScaleUnit> units)
    {
        Machines = machines;
        Units = units;
        ExpectedStates = units.Sum(u => u.IsGlobal ? machines.Count(u.RunsOn) : 1);
    }

    public IReadOnlyList<ScaleMachine> Machines { get; }

    public IReadOnlyList<ScaleUnit> Units { get; }

    /// <summary>Active states that mean "all launched": one per non-global unit, one per matching machine per global unit.</summary>
    public int ExpectedStates { get; }

    public static ScaleWorkload Create(int machineCount, int unitCount)
    {
        var machines = new List<ScaleMachine>(machineCount);
        for (int m = 0; m < machineCount; m++)
        {
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["region"] = m % 2 == 0 ? "eu" : "us" };
            if (m % 3 == 0)
            {
                metadata["disk"] = "ssd";
            }

            machines.Add(new ScaleMachine($"machine{m:D5}", metadata));
        }

        var units = new List<ScaleUnit>(unitCount)
        {
            Global("node-exporter.service", null),
            Global("journal-shipper.service", null),
            Global("ssd-trim.service", new("disk", "ssd")),
            Global("eu-proxy.service", new("region", "eu")),
        };

        int webInstances = Math.Min(machineCount / 2, unitCount / 20);
        for (int i = 0; i < webInstances; i++)
        {
            units.Add(Plain($"web@{i}.service", "Conflicts=web@*.service"));
        }

        for (int i = 0; i < unitCount / 40 && units.Count + 2 <= unitCount; i++)
        {
            units.Add(Plain($"db-{i:D6}.service", null));
            units.Add(Plain($"db-{i:D6}-backup.service", $"MachineOf=db-{i:D6}.service"));
        }

        for (int i = 0; units.Count < unitCount; i++)
        {
            string? fleet = (i % 30) switch
            {
                0 => "MachineMetadata=region=eu",
                10 => "MachineMetadata=disk=ssd",
                20 => "MachineMetadata=region=us",
                _ => null,
            };
            units.Add(Plain($"svc-{i:D6}.service", fleet));
        }

        return new ScaleWorkload(machines, units);
    }

    private static ScaleUnit Global(string name, KeyValuePair<string, string>? metadata) =>
        new(name, Text(name, "Global=true" + (metadata is { } m ? $"\nMachineMetadata={m.Key}={m.Value}" : "")), IsGlobal: true, metadata);

    private static ScaleUnit Plain(string name, string? fleet) => new(name, Text(name, fleet), IsGlobal: false);

    private static string Text(string name, string? fleet) =>
        $"[Unit]\nDescription={name}\n\n[Service]\nExecStart=/usr/bin/sleep infinity\nRestart=always\n" +
        (fleet is null ? "" : $"\n[X-Fleet]\n{fleet}\n");
}
