using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Flotilla.Engine.Scheduling;

namespace Flotilla.Benchmarks;

/// <summary>
/// One <see cref="Scheduler.Decide"/> over a large cluster (issue 4). Target: under 1 s for 1,000
/// machines and 10,000 units from nothing assigned. The steady-state case is what the leader runs on
/// every registry change: everything already placed (the previous plan applied) plus 100 new units.
/// Monitoring runs few iterations, so the 100,000-unit case fits in a benchmark run of a few minutes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class SchedulerBenchmarks
{
    private ClusterView _empty10k = null!;
    private ClusterView _steady10k = null!;
    private ClusterView _empty100k = null!;

    [GlobalSetup(Target = nameof(Empty1kMachines10kUnits))]
    public void SetupEmpty10k() => _empty10k = BenchmarkCluster.Create(1_000, 10_000);

    [GlobalSetup(Target = nameof(Steady1kMachines10kUnitsPlus100New))]
    public void SetupSteady10k()
    {
        var view = BenchmarkCluster.Create(1_000, 10_000);
        _steady10k = BenchmarkCluster.WithNewUnits(BenchmarkCluster.Applied(view, Scheduler.Decide(view)), 100);
    }

    [GlobalSetup(Target = nameof(Empty5kMachines100kUnits))]
    public void SetupEmpty100k() => _empty100k = BenchmarkCluster.Create(5_000, 100_000);

    [Benchmark]
    public Plan Empty1kMachines10kUnits() => Scheduler.Decide(_empty10k);

    [Benchmark]
    public Plan Steady1kMachines10kUnitsPlus100New() => Scheduler.Decide(_steady10k);

    [Benchmark]
    public Plan Empty5kMachines100kUnits() => Scheduler.Decide(_empty100k);
}
