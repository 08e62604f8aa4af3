using System.Diagnostics;
using System.Globalization;
using Flotilla.Benchmarks.RegistryThroughput;
using Flotilla.Engine.Leading;
using Flotilla.Registry;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Flotilla.Units.Syntax;

namespace Flotilla.Benchmarks.EnginePlacement;

/// <summary>
/// Placement end to end against a real etcd: machines registered, units submitted, a leading
/// <see cref="ClusterEngine"/> places them, and the clock stops when a watcher has seen every assignment
/// committed. Baseline, in the same run: committing the same number of assignment records straight into
/// etcd in the same batches, with no engine (the I/O floor any engine pays).
/// </summary>
internal static class EnginePlacementRun
{
    private const int SubmitBatch = 100;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        int machines = arguments.Count > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 1_000;
        int units = arguments.Count > 1 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 10_000;
        int rounds = arguments.Count > 2 ? int.Parse(arguments[2], CultureInfo.InvariantCulture) : 3;
        using BenchEtcd etcd = await BenchEtcd.StartAsync(cancellationToken);
        Console.WriteLine($"engine placement: {machines} machines x {units} units, etcd at {etcd.ClientUrl}, {rounds} rounds");
        Console.WriteLine("round | baseline: raw assignment writes | submitted while leading: submit only, end to end | takeover: all submitted, engine started");
        for (int round = 1; round <= rounds; round++)
        {
            TimeSpan baseline = await RawWritesAsync(etcd, machines, units, cancellationToken);
            (TimeSpan submitted, TimeSpan whileLeading) = await SubmitWhileLeadingAsync(etcd, machines, units, cancellationToken);
            TimeSpan takeover = await TakeoverAsync(etcd, machines, units, cancellationToken);
            Console.WriteLine(
                $"{round} | {Rate(units, baseline)} | {Rate(units, submitted)}, {Rate(units, whileLeading)} ({whileLeading / baseline:F2}x baseline) | {Rate(units, takeover)} ({takeover / baseline:F2}x baseline)");
        }

        return 0;
    }

    private static string Rate(int count, TimeSpan elapsed) =>
        $"{elapsed.TotalMilliseconds,7:F0} ms = {count / elapsed.TotalSeconds,8:F0}/s";

    /// <summary>The same assignment records written directly, as fast as one client can in 128-write transactions.</summary>
    private static async Task<TimeSpan> RawWritesAsync(BenchEtcd etcd, int machines, int units, CancellationToken cancellationToken)
    {
        var layout = new RegistryLayout($"/bench-raw-{Guid.NewGuid():N}/");
        await using var registry = Connect(etcd);
        var operations = Enumerable.Range(0, units)
            .Select(i => RegistryOperation.Put(
                layout.AssignmentKey(MachineId(i % machines), UnitName(i)),
                RegistryRecordCodec.Encode(new AssignmentRecord(UnitName(i), MachineId(i % machines), new string('0', 40)))))
            .ToList();
        var stopwatch = Stopwatch.StartNew();
        await RegistryBatches.CommitAsync(registry, [], operations, cancellationToken);
        return stopwatch.Elapsed;
    }

    private static async Task<(TimeSpan Submitted, TimeSpan Placed)> SubmitWhileLeadingAsync(BenchEtcd etcd, int machines, int units, CancellationToken cancellationToken)
    {
        var layout = new RegistryLayout($"/bench-live-{Guid.NewGuid():N}/");
        await using var registry = Connect(etcd);
        await RegisterMachinesAsync(registry, layout, machines, cancellationToken);
        await using var engineRegistry = Connect(etcd);
        var engine = new ClusterEngine(engineRegistry, new EngineOptions { Layout = layout, CandidateName = "bench" });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task running = engine.RunAsync(stop.Token);
        while (!engine.IsLeading)
        {
            await Task.Delay(10, cancellationToken);
        }

        await using var watcherRegistry = Connect(etcd);
        Task placed = WaitForAssignmentsAsync(watcherRegistry, layout, units, await registry.GetRevisionAsync(cancellationToken), cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await SubmitAsync(registry, layout, units, cancellationToken);
        TimeSpan submitted = stopwatch.Elapsed;
        await placed;
        TimeSpan all = stopwatch.Elapsed;
        await stop.CancelAsync();
        await running;
        return (submitted, all);
    }

    private static async Task<TimeSpan> TakeoverAsync(BenchEtcd etcd, int machines, int units, CancellationToken cancellationToken)
    {
        var layout = new RegistryLayout($"/bench-takeover-{Guid.NewGuid():N}/");
        await using var registry = Connect(etcd);
        await RegisterMachinesAsync(registry, layout, machines, cancellationToken);
        await SubmitAsync(registry, layout, units, cancellationToken);
        await using var watcherRegistry = Connect(etcd);
        Task placed = WaitForAssignmentsAsync(watcherRegistry, layout, units, await registry.GetRevisionAsync(cancellationToken), cancellationToken);
        await using var engineRegistry = Connect(etcd);
        var engine = new ClusterEngine(engineRegistry, new EngineOptions { Layout = layout, CandidateName = "bench" });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        Task running = engine.RunAsync(stop.Token);
        await placed;
        TimeSpan elapsed = stopwatch.Elapsed;
        await stop.CancelAsync();
        await running;
        return elapsed;
    }

    private static async Task RegisterMachinesAsync(IRegistry registry, RegistryLayout layout, int machines, CancellationToken cancellationToken)
    {
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromMinutes(10), cancellationToken);
        string[] regions = ["eu", "us"];
        var operations = Enumerable.Range(0, machines)
            .Select(m => RegistryOperation.Put(
                layout.MachineKey(MachineId(m)),
                RegistryRecordCodec.Encode(new MachineRecord(MachineId(m), "127.0.0.1", new Dictionary<string, string> { ["region"] = regions[m % 2] }, "bench", DateTimeOffset.UtcNow)),
                lease.Id))
            .ToList();
        await RegistryBatches.CommitAsync(registry, [], operations, cancellationToken);
    }

    /// <summary>Plain units, with one in ten pinned to a region, submitted in transactions of 100 as a bulk submit would.</summary>
    private static async Task SubmitAsync(IRegistry registry, RegistryLayout layout, int units, CancellationToken cancellationToken)
    {
        var cluster = new ClusterRegistry(registry, layout);
        for (int start = 0; start < units; start += SubmitBatch)
        {
            var operations = Enumerable.Range(start, Math.Min(SubmitBatch, units - start))
                .Select(i => cluster.PutUnitOperation(Unit(UnitName(i), i % 10 == 0 ? "\n[X-Fleet]\nMachineMetadata=region=eu\n" : "")))
                .ToList();
            await registry.TransactAsync(new TransactionRequest([], operations), cancellationToken);
        }
    }

    private static async Task WaitForAssignmentsAsync(IRegistry registry, RegistryLayout layout, int units, long fromRevision, CancellationToken cancellationToken)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (WatchBatch batch in registry.WatchAsync(layout.AssignmentsPrefix, fromRevision + 1, cancellationToken))
        {
            foreach (WatchEvent change in batch.Events)
            {
                if (change.Kind == WatchEventKind.Put && layout.Parse(change.Item.Key) is { Name: { } unit })
                {
                    placed.Add(unit);
                }
            }

            if (placed.Count >= units)
            {
                return;
            }
        }
    }

    private static UnitRecord Unit(string name, string fleet)
    {
        UnitFile file = UnitFileParser.Parse(name, $"[Unit]\nDescription={name}\n\n[Service]\nExecStart=/usr/bin/sleep infinity\nRestart=always\n{fleet}");
        return new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched);
    }

    private static EtcdRegistry Connect(BenchEtcd etcd) => new(new EtcdRegistryOptions { Endpoints = [etcd.ClientUrl], RequestTimeout = TimeSpan.FromSeconds(30) });

    private static string MachineId(int index) => $"machine{index:D5}";

    private static string UnitName(int index) => $"app{index:D6}.service";
}
