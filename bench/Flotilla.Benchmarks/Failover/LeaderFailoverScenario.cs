using Flotilla.Registry.Election;
using Flotilla.Registry.Layout;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// Leader failover: a fresh cluster per run; a burst of units is submitted in transactions of 100 and,
/// once the leader has placed a quarter of it, the agent whose engine leads is killed with kill -9 while
/// the rest of the burst goes on. Measured from the kill: when its election key vanished (the leader lease expired), when the
/// next leader wrote its first assignment (placements resumed), when every unit of the burst had an
/// assignment, and when every one was on a live machine (the dead leader's machine loses its units only
/// after its own agent TTL and the machine grace).
/// </summary>
internal static class LeaderFailoverScenario
{
    public static async Task RunAsync(string etcdUrl, FailoverOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine(
            $"leader failover: {options.Agents} agents, burst of {options.Burst} units (desired loaded), {options.LeaderRuns} runs; " +
            $"leader lease TTL {Figures.Seconds(options.EffectiveLeaseTtl)}, agent TTL {Figures.Seconds(options.EffectiveAgentTtl)}, machine grace {Figures.Seconds(options.EffectiveMachineGrace)}; times from the kill");
        Console.WriteLine("run | placed before the kill | rest submitted | leader key gone | placements resumed | all assigned | all on live machines");
        var gone = new List<TimeSpan>();
        var resumed = new List<TimeSpan>();
        var assigned = new List<TimeSpan>();
        var live = new List<TimeSpan>();
        for (int run = 1; run <= options.LeaderRuns; run++)
        {
            LeaderFailoverFigures figures = await RunOnceAsync(etcdUrl, options, cancellationToken);
            gone.Add(figures.LeaderKeyGone);
            resumed.Add(figures.Resumed);
            assigned.Add(figures.AllAssigned);
            live.Add(figures.AllOnLiveMachines);
            Console.WriteLine(
                $"{run,3} | {figures.PlacedBeforeKill,5} | {Figures.Seconds(figures.Submitted)} | {Figures.Seconds(figures.LeaderKeyGone)} | {Figures.Seconds(figures.Resumed)} | " +
                $"{Figures.Seconds(figures.AllAssigned)} | {Figures.Seconds(figures.AllOnLiveMachines)}   (load {Figures.LoadAverage()})");
        }

        Console.WriteLine($"leader key gone: {Figures.Summary(gone)}");
        Console.WriteLine($"placements resumed: {Figures.Summary(resumed)}");
        Console.WriteLine($"all assigned: {Figures.Summary(assigned)}");
        Console.WriteLine($"all on live machines: {Figures.Summary(live)}");
    }

    private static async Task<LeaderFailoverFigures> RunOnceAsync(string etcdUrl, FailoverOptions options, CancellationToken cancellationToken)
    {
        await using LiveCluster cluster = await LiveCluster.StartAsync(etcdUrl, options.Agents, options.AgentArguments, cancellationToken);
        try
        {
            LeaderInfo leader = await new LeaderElection(cluster.Registry, cluster.Layout.LeaderPrefix).GetLeaderAsync(cancellationToken)
                ?? throw new InvalidOperationException("no engine leads");
            string leaderCandidate = cluster.Layout.Parse(leader.Key)?.Name ?? throw new InvalidOperationException($"leader key {leader.Key} is not in the layout");
            string[] units = [.. Enumerable.Range(0, options.Burst).Select(i => $"burst{i:D5}.service")];

            await using ClusterEventLog log = await ClusterEventLog.StartAsync(cluster.Registry, cluster.Layout, cancellationToken);
            // Desired "loaded": placed and loaded like any unit, without thousands of processes on a 2-core machine.
            Task submitting = cluster.SubmitAsync(units, "ExecStart=/usr/bin/sleep infinity", UnitDesiredState.Loaded, cancellationToken);
            // Mid-burst: the leader is busy placing (a quarter of the burst placed) and submissions go on.
            await log.WaitUntilAsync(
                e => e.Count(c => c.IsPut && c.Key.Kind == RegistryKeyKind.Assignment) >= units.Length / 4,
                TimeSpan.FromSeconds(60),
                "a quarter of the burst placed",
                cancellationToken);
            TimeSpan killedAt = log.Now;
            cluster.Agent(leader.Value).Crash();
            await submitting;
            TimeSpan submittedAt = log.Now;

            IReadOnlyList<ClusterEvent> events = await log.WaitUntilAsync(
                e => new BurstPlacement(e, units, leader.Value).AllOnLiveMachinesAt is not null,
                TimeSpan.FromSeconds(120),
                "every unit of the burst on a live machine",
                cancellationToken);

            var placement = new BurstPlacement(events, units, leader.Value);
            ClusterEvent keyGone = events.First(e => e.Key.Kind == RegistryKeyKind.Leader && e.Key.Name == leaderCandidate && !e.IsPut);
            // The dead leader's writes are guarded by its election key, so whatever is written after that key vanished is the successor's.
            ClusterEvent firstAfter = events.First(e => e.IsPut && e.Key.Kind == RegistryKeyKind.Assignment && e.Revision > keyGone.Revision);
            return new LeaderFailoverFigures(
                events.Count(e => e.IsPut && e.Key.Kind == RegistryKeyKind.Assignment && e.At < killedAt),
                submittedAt - killedAt,
                keyGone.At - killedAt,
                firstAfter.At - killedAt,
                placement.AllAssignedAt!.Value - killedAt,
                placement.AllOnLiveMachinesAt!.Value - killedAt);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            cluster.KeepLogs = true;
            Console.Error.WriteLine($"agent logs kept in {cluster.LogDirectory}");
            throw;
        }
    }
}
