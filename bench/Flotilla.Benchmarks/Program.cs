using BenchmarkDotNet.Running;
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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
