using Flotilla.Registry.Layout;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// Agent failover: a fresh cluster per run, a few long-running units spread over it, then kill -9 of a
/// machine hosting some of them (not the engine leader's, so the figure is the agent failover alone) and,
/// for each of its units, the time from the kill until that unit reports <c>active</c> on another machine.
/// The killed agent is then started again, fresh, and the run ends once it is registered and every unit
/// is active exactly once.
/// </summary>
internal static class AgentFailoverScenario
{
    private const string LongRunning = "ExecStart=/usr/bin/sleep infinity";

    public static async Task<bool> RunAsync(string etcdUrl, FailoverOptions options, CancellationToken cancellationToken)
    {
        TimeSpan target = options.EffectiveAgentTtl + TimeSpan.FromSeconds(1);
        Console.WriteLine(
            $"agent failover: {options.Agents} agents, {options.Units} units, {options.Runs} runs; agent TTL {Figures.Seconds(options.EffectiveAgentTtl)}, " +
            $"machine grace {Figures.Seconds(options.EffectiveMachineGrace)}; times from the kill");
        Console.WriteLine("run | victim: units | lease gone | reassigned (last unit) | active elsewhere: first .. last | victim restarted: registered after");
        var perUnit = new List<TimeSpan>();
        var leaseGone = new List<TimeSpan>();
        for (int run = 1; run <= options.Runs; run++)
        {
            AgentFailoverFigures figures = await RunOnceAsync(etcdUrl, options, cancellationToken);
            perUnit.AddRange(figures.Active);
            leaseGone.Add(figures.LeaseGone);
            Console.WriteLine(
                $"{run,3} | {figures.Victim}: {figures.Active.Count} | {Figures.Seconds(figures.LeaseGone)} | {Figures.Seconds(figures.Reassigned.Max())} | " +
                $"{Figures.Seconds(figures.Active.Min())} .. {Figures.Seconds(figures.Active.Max())} | {Figures.Seconds(figures.Rejoined)}   (load {Figures.LoadAverage()})");
        }

        Console.WriteLine($"lease gone after the kill: {Figures.Summary(leaseGone)}");
        Console.WriteLine($"unit active elsewhere after the kill: {Figures.Summary(perUnit)}");
        bool met = Figures.Median(perUnit) < target;
        Console.WriteLine($"target: median < agent TTL + 1 s = {Figures.Seconds(target)}: {(met ? "MET" : "MISSED")}");
        return met;
    }

    private static async Task<AgentFailoverFigures> RunOnceAsync(string etcdUrl, FailoverOptions options, CancellationToken cancellationToken)
    {
        await using LiveCluster cluster = await LiveCluster.StartAsync(etcdUrl, options.Agents, options.AgentArguments, cancellationToken);
        try
        {
            string[] units = [.. Enumerable.Range(1, options.Units).Select(i => $"app{i}.service")];
            await cluster.SubmitAsync(units, LongRunning, UnitDesiredState.Launched, cancellationToken);
            Dictionary<string, string> hosts = [];
            await cluster.WaitUntilAsync(
                async () =>
                {
                    var active = (await cluster.Cluster.ListUnitStatesAsync(cancellationToken)).Entries
                        .Select(e => e.Record)
                        .Where(r => r.ActiveState == "active")
                        .ToList();
                    if (!units.All(u => active.Count(r => r.Name == u) == 1))
                    {
                        return false;
                    }

                    hosts = active.ToDictionary(r => r.Name, r => r.Machine, StringComparer.Ordinal);
                    return true;
                },
                "every unit active on one machine",
                cancellationToken);

            string? leader = await cluster.LeaderAsync(cancellationToken);
            string victim = hosts.Values.Where(m => m != leader).GroupBy(m => m).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key).FirstOrDefault() ?? hosts.Values.First();
            string[] moved = [.. hosts.Where(h => h.Value == victim).Select(h => h.Key)];

            await using ClusterEventLog log = await ClusterEventLog.StartAsync(cluster.Registry, cluster.Layout, cancellationToken);
            TimeSpan killedAt = log.Now;
            cluster.Agent(victim).Crash();
            IReadOnlyList<ClusterEvent> events = await log.WaitUntilAsync(
                e => moved.All(u => FirstActiveElsewhere(e, u, victim) is not null),
                TimeSpan.FromSeconds(90),
                $"the units of {victim} active elsewhere",
                cancellationToken);

            // Restart the victim and let the cluster converge: every machine back, every unit active exactly once.
            TimeSpan restartedAt = log.Now;
            cluster.Restart(victim);
            await cluster.WaitUntilAsync(
                async () => (await cluster.Cluster.ListMachinesAsync(cancellationToken)).Entries.Count == options.Agents,
                $"{victim} registered again",
                cancellationToken);
            TimeSpan rejoined = log.Now - restartedAt;
            await cluster.WaitUntilAsync(
                async () =>
                {
                    var active = (await cluster.Cluster.ListUnitStatesAsync(cancellationToken)).Entries.Where(e => e.Record.ActiveState == "active").ToList();
                    return units.All(u => active.Count(e => e.Record.Name == u) == 1);
                },
                "every unit active exactly once after the restart",
                cancellationToken);

            TimeSpan leaseGone = events.First(e => e.Key.Kind == RegistryKeyKind.Machine && e.Key.Machine == victim && !e.IsPut).At - killedAt;
            return new AgentFailoverFigures(
                victim,
                leaseGone,
                [.. moved.Select(u => events.First(e => e.IsPut && e.Key.Kind == RegistryKeyKind.Assignment && e.Key.Name == u && e.Key.Machine != victim).At - killedAt)],
                [.. moved.Select(u => FirstActiveElsewhere(events, u, victim)!.At - killedAt)],
                rejoined);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            cluster.KeepLogs = true;
            Console.Error.WriteLine($"agent logs kept in {cluster.LogDirectory}");
            throw;
        }
    }

    private static ClusterEvent? FirstActiveElsewhere(IReadOnlyList<ClusterEvent> events, string unit, string victim) =>
        events.FirstOrDefault(e => e.IsPut && e.Key.Kind == RegistryKeyKind.State && e.Key.Name == unit && e.Key.Machine != victim && e.ActiveState == "active");
}
