using System.Diagnostics;
using Flotilla.Registry.Layout;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;
using Xunit.Abstractions;

namespace Flotilla.Cli.Tests.Chaos;

/// <summary>
/// Issue 8's first chaos case: three real agents on a real three-member etcd; the etcd leader is killed
/// with SIGKILL in the middle of a burst of 60 starts sent through the agents' fleet APIs.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class EtcdLeaderKillTests(ThreeMemberEtcd etcd, ITestOutputHelper output) : IClassFixture<ThreeMemberEtcd>, IAsyncLifetime
{
    private const int UnitCount = 60;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private ChaosCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ChaosCluster.StartAsync(etcd, agents: 3, agentTtl: TimeSpan.FromSeconds(5));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(Timeout = 180_000)]
    public async Task Killing_the_etcd_leader_during_a_burst_of_60_starts_loses_no_unit_and_never_runs_or_places_one_twice()
    {
        await using AssignmentLedger ledger = await AssignmentLedger.StartAsync(_cluster.Registry, _cluster.Layout);
        string[] units = [.. Enumerable.Range(1, UnitCount).Select(i => $"burst-{i:D2}.service")];
        EtcdMember leader = await etcd.FindLeaderAsync(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        int submitted = 0;

        // Six clients at once, spread over the three agents' APIs; a third of the way in, the leader dies.
        await Parallel.ForEachAsync(Enumerable.Range(0, UnitCount), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, _) =>
        {
            await _cluster.SubmitAsync(i % 3, units[i], "launched", TimeSpan.FromSeconds(60));
            if (Interlocked.Increment(ref submitted) == UnitCount / 3)
            {
                leader.Kill();
                output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: killed etcd leader {leader.Name}");
            }
        });
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: all {UnitCount} submitted");
        Assert.False(leader.IsRunning);
        EtcdMember successor = await etcd.FindLeaderAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"new etcd leader: {successor.Name}");

        string problem = "";
        await _cluster.WaitUntilAsync(async () => (problem = await WhatIsNotConvergedAsync(units, ledger)).Length == 0, $"all {UnitCount} units active once", Patience, () => problem);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every unit active exactly once");

        // A few more beats, so a second copy started late would have shown itself; polled again (briefly)
        // only so a heartbeat delayed by a busy machine is not mistaken for a lost unit.
        await Task.Delay(4 * ChaosCluster.Beat);
        await _cluster.WaitUntilAsync(async () => (problem = await WhatIsNotConvergedAsync(units, ledger)).Length == 0, "still every unit active once", TimeSpan.FromSeconds(10), () => problem);
        IReadOnlyList<UnitRun> runs = _cluster.Runs.Runs();
        Assert.Empty(ledger.Violations);
        Assert.Empty(UnitRunLog.Overlaps(runs, ChaosCluster.Beat));
        Assert.Equal(units.Order(), runs.Select(r => r.Unit).Distinct().Order());
        output.WriteLine($"{runs.Count} runs for {UnitCount} units; {runs.Count - UnitCount} restarts (self-fencing) without overlap");
    }

    /// <summary>
    /// "" when every unit is assigned to one machine, reports one state there and it is active, writes
    /// heartbeats only there, and has exactly one live main process; else what is still wrong.
    /// </summary>
    private async Task<string> WhatIsNotConvergedAsync(string[] units, AssignmentLedger ledger)
    {
        IReadOnlyDictionary<string, string> assigned = ledger.Assignments();
        RegistrySnapshot<UnitStateRecord> states;
        try
        {
            states = await _cluster.Cluster.ListUnitStatesAsync(default);
        }
        catch (Flotilla.Registry.Errors.RegistryException error)
        {
            return "registry: " + error.Message;
        }

        IReadOnlyList<UnitRun> runs = _cluster.Runs.Runs();
        ILookup<string, MarkedProcess> processes = _cluster.MainProcesses().ToLookup(p => p.Unit);
        foreach (string unit in units)
        {
            if (!assigned.TryGetValue(unit, out string? machine))
            {
                return $"{unit} not assigned";
            }

            var reported = states.Entries.Where(e => e.Record.Name == unit).Select(e => e.Record).ToList();
            if (reported is not [{ ActiveState: "active" } state] || state.Machine != machine)
            {
                return $"{unit} assigned to {machine}, states: {string.Join(", ", reported.Select(s => $"{s.Machine}={s.ActiveState}"))}";
            }

            List<string> running = _cluster.RunningOn(unit, runs);
            if (running.Count != 1 || running[0] != machine)
            {
                return $"{unit} assigned to {machine}, heartbeats from [{string.Join(", ", running)}]";
            }

            if (processes[unit].Count() != 1)
            {
                return $"{unit} has {processes[unit].Count()} live main processes";
            }
        }

        return "";
    }
}
