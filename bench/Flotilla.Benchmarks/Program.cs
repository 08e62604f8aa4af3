using BenchmarkDotNet.Running;
using Flotilla.Benchmarks.EnginePlacement;
using Flotilla.Benchmarks.RegistryThroughput;

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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
