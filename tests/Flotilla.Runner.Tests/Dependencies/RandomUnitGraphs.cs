using Flotilla.Runner.Dependencies;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>Random small unit graphs (every dependency kind, random states, a name that is never loaded) and a request on one of them.</summary>
internal static class RandomUnitGraphs
{
    public static readonly string[] Names = ["a.service", "b.service", "c.service", "d.service", "e.service", "f.service"];

    public static (UnitGraph Graph, JobRequest Request) Case(int seed)
    {
        var random = new Random(seed);

        // Sparse to dense graphs: dense ones make dependency cycles, conflicts and refusals likely.
        var density = 1 + (Math.Abs(seed % 4) * 0.6);
        string[] Pick(double chance) =>
            Names.Append("missing.service").Where(_ => random.NextDouble() < chance * density).ToArray();

        var units = Names.Select(name => new UnitSnapshot(
            name,
            new UnitDependencies
            {
                Requires = Pick(0.12),
                Wants = Pick(0.15),
                BindsTo = Pick(0.06),
                Requisite = Pick(0.04),
                PartOf = Pick(0.06),
                Conflicts = Pick(0.05),
                After = Pick(0.2),
                Before = Pick(0.1),
            },
            random.Next(3) switch
            {
                0 => UnitActiveState.Active,
                1 => UnitActiveState.Inactive,
                _ => UnitActiveState.Failed,
            })).ToList();
        var request = new JobRequest((JobRequestKind)random.Next(3), Names[random.Next(Names.Length)]);
        return (new UnitGraph(units), request);
    }
}
