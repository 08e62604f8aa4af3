using BenchmarkDotNet.Running;
using Flotilla.Benchmarks.ClusterScale;
using Flotilla.Benchmarks.EnginePlacement;
using Flotilla.Benchmarks.Failover;
using Flotilla.Benchmarks.RegistryThroughput;
using Flotilla.Benchmarks.TemplateLatency;

namespace Flotilla.Benchmarks;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // A throughput comparison against a live etcd does not fit BenchmarkDotNet's per-call model.
        if (args is ["registry-throughput"])
        {
            return await RegistryThroughputRun.RunAsync(CancellationToken.None);
        }

        // Placement end to end (units submitted -> assignments committed) against a live etcd, likewise.
        if (args is ["engine-placement", .. var rest])
        {
            return await EnginePlacementRun.RunAsync(rest, CancellationToken.None);
        }

        // Kill -9 of an agent or of the engine leader's agent, with real processes, likewise.
        if (args is ["failover", .. var options])
        {
            return await FailoverRun.RunAsync(options, CancellationToken.None);
        }

        // A whole cluster (agents, engine, etcd) placing and launching units, likewise.
        if (args is ["cluster-scale", .. var scale])
        {
            return await ClusterScaleRun.RunAsync(scale, Console.Out, CancellationToken.None);
        }

        // Key change -> dest rewritten by the template role, against a live etcd, likewise.
        if (args is ["template-latency", .. var changes])
        {
            return await TemplateLatencyRun.RunAsync(changes, CancellationToken.None);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
