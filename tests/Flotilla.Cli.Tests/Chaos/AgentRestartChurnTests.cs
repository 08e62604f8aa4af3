using System.Net;
using Flotilla.Registry.Layout;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;
using Xunit.Abstractions;

namespace Flotilla.Cli.Tests.Chaos;

/// <summary>
/// Issue 8's third chaos case: one of three real agents is killed with SIGKILL and started again five
/// times while a client keeps starting, stopping and destroying units through another agent's API.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class AgentRestartChurnTests(SingleMemberEtcd etcd, ITestOutputHelper output) : IClassFixture<SingleMemberEtcd>, IAsyncLifetime
{
    private const int Cycles = 5;
    private const int Victim = 2;
    private const int Client = 0;
    private static readonly TimeSpan AgentTtl = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ChaosCluster _cluster = null!;

    private enum FinalState
    {
        Launched,
        Loaded,
        Destroyed,
    }

    public async Task InitializeAsync() =>
        _cluster = await ChaosCluster.StartAsync(etcd, agents: 3, agentTtl: AgentTtl);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(Timeout = 240_000)]
    public async Task An_agent_killed_and_restarted_five_times_while_units_churn_leaves_no_orphan_and_every_unit_converges()
    {
        await using AssignmentLedger ledger = await AssignmentLedger.StartAsync(_cluster.Registry, _cluster.Layout);
        string[] units = [.. Enumerable.Range(1, 12).Select(i => $"churn-{i:D2}.service")];
        string victim = _cluster.Machines[Victim];
        using var stopChurn = new CancellationTokenSource();
        Task<int> churn = ChurnAsync(units, stopChurn.Token);

        for (int cycle = 1; cycle <= Cycles; cycle++)
        {
            // Kill it while it runs something, so there is something to orphan.
            await _cluster.WaitUntilAsync(() => Task.FromResult(_cluster.MainProcesses().Any(p => MachineOf(p) == victim)), $"cycle {cycle}: a unit running on {victim}", Patience);
            _cluster.KillAgent(Victim);
            DateTimeOffset killedAt = DateTimeOffset.UtcNow;

            // Odd cycles restart at once (the old lease still lives); even ones after the registry dropped the machine.
            if (cycle % 2 == 0)
            {
                await _cluster.WaitUntilAsync(async () => (await MachinesAsync()).All(m => m.Record.Id != victim), $"cycle {cycle}: {victim}'s lease expired", Patience);

                // Its states hung on the same lease: none may outlive it.
                var stale = (await _cluster.Cluster.ListUnitStatesAsync(default)).Entries.Where(e => e.Record.Machine == victim).Select(e => e.Key).ToList();
                Assert.True(stale.Count == 0, $"cycle {cycle}: states of the dead incarnation survived its lease: {string.Join(", ", stale)}");
            }

            _cluster.RestartAgent(Victim);
            await _cluster.WaitUntilAsync(async () => (await MachinesAsync()).Any(m => m.Record.Id == victim && m.Record.StartedAt > killedAt), $"cycle {cycle}: {victim} registered again", Patience);
            await WaitNoOrphansAsync($"cycle {cycle}");
            output.WriteLine($"cycle {cycle}: killed at {killedAt:HH:mm:ss.fff}, back and no orphan at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
        }

        await stopChurn.CancelAsync();
        int operations = await churn;
        output.WriteLine($"{operations} churn operations");

        // The last word on each unit: a third launched, a third loaded, a third destroyed.
        var final = units.Select((u, i) => (Unit: u, State: (FinalState)(i % 3))).ToList();
        foreach ((string unit, FinalState state) in final)
        {
            HttpStatusCode status = state switch
            {
                FinalState.Launched => await _cluster.PutAsync(Client, unit, "launched"),
                FinalState.Loaded => await _cluster.PutAsync(Client, unit, "loaded"),
                _ => await _cluster.DeleteAsync(Client, unit),
            };
            Assert.True((int)status is >= 200 and < 300 || (state == FinalState.Destroyed && status == HttpStatusCode.NotFound), $"{unit} -> {state}: {(int)status}");
        }

        string problem = "";
        await _cluster.WaitUntilAsync(async () => (problem = await WhatIsNotConvergedAsync(final, ledger)).Length == 0, "every unit in its final state", Patience, () => problem);

        // A few beats later it still holds: nothing comes back from a dead incarnation. (Polled again
        // briefly only so a heartbeat delayed by a busy machine does not count as a stopped unit.)
        await Task.Delay(4 * ChaosCluster.Beat);
        await _cluster.WaitUntilAsync(async () => (problem = await WhatIsNotConvergedAsync(final, ledger)).Length == 0, "every unit still in its final state", TimeSpan.FromSeconds(10), () => problem);
        Assert.Empty(Orphans());
        Assert.Empty(ledger.Violations);
    }

    /// <summary>Starts, stops and destroys the units in turn through the client agent's API until told to stop; returns how many requests it made.</summary>
    private async Task<int> ChurnAsync(string[] units, CancellationToken stop)
    {
        int count = 0;
        while (!stop.IsCancellationRequested)
        {
            string unit = units[count % units.Length];
            int step = count / units.Length % 4;
            try
            {
                HttpStatusCode status = step switch
                {
                    0 or 2 => await _cluster.PutAsync(Client, unit, "launched"),
                    1 => await _cluster.PutAsync(Client, unit, "loaded", withOptions: false),
                    _ => await _cluster.DeleteAsync(Client, unit),
                };

                // 404/409 are fine (the unit was destroyed meanwhile); the API must never fail itself.
                Assert.True((int)status < 500, $"churn: {unit} step {step} answered {(int)status}");
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                throw new InvalidOperationException($"churn: the client agent stopped answering: {error.Message}\n{_cluster.AgentLogs()}", error);
            }

            count++;

            // Pace it like a busy operator, not a benchmark: the agents must keep up to be checked.
            await Task.Delay(40, CancellationToken.None);
        }

        return count;
    }

    private async Task<IReadOnlyList<RegistryEntry<MachineRecord>>> MachinesAsync() =>
        (await _cluster.Cluster.ListMachinesAsync(default)).Entries;

    /// <summary>Unit processes not descending from a live agent: left behind by a killed incarnation.</summary>
    private List<MarkedProcess> Orphans()
    {
        IReadOnlySet<int> agents = _cluster.LiveAgentPids();
        return [.. MarkedProcess.All(_cluster.Mark).Where(p => !p.DescendsFromAny(agents) && MarkedProcess.ParentOf(p.Pid) is not null)];
    }

    /// <summary>
    /// A unit's shell may still be dying (its forked <c>sleep</c> outlives it by one beat), so the
    /// condition is given a few seconds; a real orphan (a heartbeat loop nobody manages) never goes.
    /// </summary>
    private Task WaitNoOrphansAsync(string when)
    {
        List<MarkedProcess> orphans = [];
        return _cluster.WaitUntilAsync(() => Task.FromResult((orphans = Orphans()).Count == 0), $"{when}: no orphan process", TimeSpan.FromSeconds(10), () => string.Join("; ", orphans));
    }

    private string MachineOf(MarkedProcess process)
    {
        try
        {
            string environment = File.ReadAllText($"/proc/{process.Pid}/environ");
            return environment.Split('\0').FirstOrDefault(e => e.StartsWith("FLOTILLA_MACHINE_ID=", StringComparison.Ordinal))?["FLOTILLA_MACHINE_ID=".Length..] ?? "";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>"" when every unit is as finally asked, on exactly one machine, and every state hangs on its machine's live lease; else what is wrong.</summary>
    private async Task<string> WhatIsNotConvergedAsync(List<(string Unit, FinalState State)> final, AssignmentLedger ledger)
    {
        IReadOnlyDictionary<string, string> assigned = ledger.Assignments();
        var leases = (await MachinesAsync()).ToDictionary(m => m.Record.Id, m => m.LeaseId);
        IReadOnlyList<RegistryEntry<UnitStateRecord>> states = (await _cluster.Cluster.ListUnitStatesAsync(default)).Entries;
        IReadOnlyList<UnitRun> runs = _cluster.Runs.Runs();
        ILookup<string, MarkedProcess> processes = _cluster.MainProcesses().ToLookup(p => p.Unit);

        foreach (RegistryEntry<UnitStateRecord> state in states)
        {
            if (!leases.TryGetValue(state.Record.Machine, out long lease) || lease != state.LeaseId)
            {
                return $"state {state.Key} hangs on lease {state.LeaseId:x}, not on its machine's live lease";
            }
        }

        foreach ((string unit, FinalState wanted) in final)
        {
            var reported = states.Where(s => s.Record.Name == unit).Select(s => s.Record).ToList();
            string shown = string.Join(", ", reported.Select(s => $"{s.Machine}={s.ActiveState}"));
            int alive = processes[unit].Count();
            List<string> running = _cluster.RunningOn(unit, runs);
            switch (wanted)
            {
                case FinalState.Launched:
                    if (!assigned.TryGetValue(unit, out string? machine) || reported is not [{ ActiveState: "active" } active] || active.Machine != machine
                        || alive != 1 || running.Count != 1 || running[0] != machine)
                    {
                        return $"{unit} launched: assigned {machine}, states [{shown}], {alive} processes, heartbeats from [{string.Join(", ", running)}]";
                    }

                    break;
                case FinalState.Loaded:
                    if (!assigned.TryGetValue(unit, out string? host) || reported is not [{ } loaded] || loaded.Machine != host || loaded.ActiveState == "active" || alive != 0)
                    {
                        return $"{unit} loaded: assigned {host}, states [{shown}], {alive} processes";
                    }

                    break;
                default:
                    if (assigned.ContainsKey(unit) || reported.Count != 0 || alive != 0)
                    {
                        return $"{unit} destroyed: still assigned {assigned.ContainsKey(unit)}, states [{shown}], {alive} processes";
                    }

                    break;
            }
        }

        return "";
    }
}
