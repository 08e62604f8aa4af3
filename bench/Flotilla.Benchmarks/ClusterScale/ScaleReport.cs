using System.Globalization;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>The figures of one cluster-scale run, printed as a two-column table.</summary>
internal sealed class ScaleReport(ClusterScaleOptions options, ScaleWorkload workload, RunnerTally tally)
{
    public TimeSpan AgentsUp { get; init; }

    public TimeSpan? Submitted { get; init; }

    public int SubmittedUnits { get; init; }

    public string? SubmitFailure { get; init; }

    public IReadOnlyList<KeyValuePair<string, long>> Problems { get; init; } = [];

    public TimeSpan Ended { get; init; }

    public TimeSpan? AllPlacedAt { get; init; }

    public TimeSpan? AllLaunchedAt { get; init; }

    public int Placed { get; init; }

    public int Launched { get; init; }

    public long AssignmentWrites { get; init; }

    public required IReadOnlyList<RequestSnapshot> PerAgent { get; init; }

    public required RequestSnapshot Engine { get; init; }

    public TimeSpan ProcessCpu { get; init; }

    public TimeSpan EngineCpu { get; init; }

    public TimeSpan EtcdCpu { get; init; }

    public long EngineAllocated { get; init; }

    public long ProcessAllocated { get; init; }

    public long ManagedHeap { get; init; }

    public long WorkingSet { get; init; }

    public long EtcdDbSize { get; init; }

    public long EtcdDbInUse { get; init; }

    public void Print(TextWriter output)
    {
        int nonGlobal = workload.Units.Count(u => !u.IsGlobal);
        var rows = new List<(string, string)>
        {
            ("machines x units", $"{options.Machines:N0} x {options.Units:N0} ({nonGlobal:N0} placed by the engine, {workload.Units.Count - nonGlobal} global)"),
            ("agents up (all machines registered)", Seconds(AgentsUp)),
            ("all units submitted (100 per transaction)", Submitted is { } submitted ? Seconds(submitted)
                : SubmitFailure is { } failure ? $"FAILED after {SubmittedUnits:N0}/{options.Units:N0}: {failure}"
                : $"NOT within {options.MaxSeconds} s: {SubmittedUnits:N0}/{options.Units:N0}"),
            ("all placed (assignment for every unit)", AllPlacedAt is { } placed ? Seconds(placed) : $"NOT within {options.MaxSeconds} s: {Placed:N0}/{nonGlobal:N0}"),
            ("all launched (every expected state active)", AllLaunchedAt is { } launched ? Seconds(launched) : $"NOT within {options.MaxSeconds} s: {Launched:N0}/{workload.ExpectedStates:N0}"),
            ("placements per second (to all placed)", AllPlacedAt is { } p ? $"{AssignmentWrites / p.TotalSeconds:N0}/s ({AssignmentWrites:N0} assignment writes)" : "-"),
            ("runner jobs: load / start / stop / unload", $"{tally.Loads:N0} / {tally.Starts:N0} / {tally.Stops:N0} / {tally.Unloads:N0}"),
        };

        foreach ((string kind, Func<RequestSnapshot, long> pick) in new (string, Func<RequestSnapshot, long>)[]
        {
            ("reads (get, range)", s => s.Reads),
            ("watch events delivered", s => s.WatchEvents),
            ("writes (put, delete, txn)", s => s.Writes),
            ("lease calls (grant, keep-alive, revoke)", s => s.LeaseCalls),
        })
        {
            AgentRequestSummary summary = AgentRequestSummary.Of(kind, [.. PerAgent.Select(pick)]);
            rows.Add(($"per agent: {kind}", $"mean {summary.Mean:N1}, max {summary.Max:N0}; per submitted unit: {summary.Total / (double)options.Units:N2} cluster-wide, {summary.Mean / options.Units:N3} per agent"));
        }

        rows.AddRange(
        [
            ("engine requests: reads / watch events / writes", $"{Engine.Reads:N0} / {Engine.WatchEvents:N0} / {Engine.Writes:N0}"),
            ("engine thread CPU (its own continuations)", $"{EngineCpu.TotalMilliseconds:N0} ms"),
            ("engine thread allocations", Bytes(EngineAllocated)),
            ("whole process CPU (agents + engine + clients)", $"{ProcessCpu.TotalMilliseconds:N0} ms over {Ended.TotalSeconds:F1} s"),
            ("whole process allocations", Bytes(ProcessAllocated)),
            ("etcd CPU", $"{EtcdCpu.TotalMilliseconds:N0} ms"),
            ("managed heap / working set at the end", $"{Bytes(ManagedHeap)} / {Bytes(WorkingSet)}"),
            ("etcd db size / in use", $"{Bytes(EtcdDbSize)} / {Bytes(EtcdDbInUse)}"),
        ]);

        rows.Add(("warnings and errors logged (agents, engine)", Problems.Count == 0 ? "none" : string.Join("; ", Problems.Take(4).Select(p => $"{p.Value:N0} x {p.Key}"))));
        // Other work on the machine takes cores from the run: its load says how far to trust the figures.
        rows.Add(("machine load average (1, 5, 15 min) at the end", File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown"));
        int width = rows.Max(r => r.Item1.Length);
        foreach ((string name, string value) in rows)
        {
            output.WriteLine($"{name.PadRight(width)} | {value}");
        }
    }

    private static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:F2} s");

    private static string Bytes(long bytes) => bytes < 0 ? "unknown" : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");
}
