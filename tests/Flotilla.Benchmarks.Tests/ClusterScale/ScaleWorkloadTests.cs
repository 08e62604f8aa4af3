using Flotilla.Benchmarks.ClusterScale;
using Flotilla.Units.Syntax;

namespace Flotilla.Benchmarks.Tests.ClusterScale;

public sealed class ScaleWorkloadTests
{
    [Fact]
    public void Has_exactly_the_units_asked_for_with_unique_names()
    {
        var workload = ScaleWorkload.Create(100, 1_000);

        Assert.Equal(1_000, workload.Units.Count);
        Assert.Equal(1_000, workload.Units.Select(u => u.Name).Distinct().Count());
        Assert.Equal(100, workload.Machines.Count);
    }

    [Fact]
    public void Expects_one_state_per_plain_unit_and_one_per_matching_machine_per_global_unit()
    {
        // Six machines: eu, us, eu, us, eu, us; ssd on 0 and 3.
        var workload = ScaleWorkload.Create(6, 60);

        // 56 placed units + node-exporter (6) + journal-shipper (6) + ssd-trim (2) + eu-proxy (3).
        Assert.Equal(56 + 6 + 6 + 2 + 3, workload.ExpectedStates);
    }

    [Fact]
    public void Mixes_anti_affinity_sidekicks_metadata_and_globals_that_all_fit()
    {
        var workload = ScaleWorkload.Create(100, 1_000);
        string[] texts = [.. workload.Units.Select(u => u.Text)];

        Assert.Equal(4, workload.Units.Count(u => u.IsGlobal));
        ScaleUnit[] web = [.. workload.Units.Where(u => u.Name.StartsWith("web@", StringComparison.Ordinal))];
        Assert.InRange(web.Length, 1, 50); // at most one per two machines, so the conflicts can all be met
        Assert.All(web, u => Assert.Contains("Conflicts=web@*.service", u.Text, StringComparison.Ordinal));
        ScaleUnit[] sidekicks = [.. workload.Units.Where(u => u.Text.Contains("MachineOf=", StringComparison.Ordinal))];
        Assert.NotEmpty(sidekicks);
        var names = workload.Units.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(sidekicks, sidekick =>
        {
            string main = sidekick.Name.Replace("-backup.service", ".service", StringComparison.Ordinal);
            Assert.Contains(main, names);
            Assert.Contains($"MachineOf={main}", sidekick.Text, StringComparison.Ordinal);
        });
        Assert.Contains(texts, t => t.Contains("MachineMetadata=region=eu", StringComparison.Ordinal) && !t.Contains("Global", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("MachineMetadata=disk=ssd", StringComparison.Ordinal) && !t.Contains("Global", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_unit_text_parses_without_errors()
    {
        var workload = ScaleWorkload.Create(10, 200);

        Assert.All(workload.Units, unit =>
        {
            var diagnostics = new List<Units.Diagnostics.UnitDiagnostic>();
            UnitFileParser.Parse(unit.Name, unit.Text, diagnostics);
            Assert.DoesNotContain(diagnostics, d => d.IsError);
        });
    }
}
