using System.Runtime.InteropServices;
using Flotilla.Benchmarks.RegistryThroughput;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// `failover`: agent and engine-leader failover with real processes (a single-member etcd on free
/// loopback ports, real <c>flotilla agent</c> processes, real unit processes). Exit status 1 when the
/// agent-failover target (median under the agent TTL + 1 s) is missed.
/// </summary>
internal static class FailoverRun
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        FailoverOptions options;
        try
        {
            options = FailoverOptions.Parse(arguments);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }

        // Ctrl-C or SIGTERM cancels the run, so the disposals below still kill every agent and unit.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        cancellationToken = stop.Token;
        try
        {
            return await RunScenariosAsync(options, cancellationToken);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("failover: interrupted; every agent and unit it started was killed");
            return 130;
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<int> RunScenariosAsync(FailoverOptions options, CancellationToken cancellationToken)
    {
        using BenchEtcd etcd = await BenchEtcd.StartAsync(cancellationToken);
        Console.WriteLine($"failover: etcd at {etcd.ClientUrl}; {Environment.ProcessorCount} cores; load average {Figures.LoadAverage()}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        bool met = true;
        if (options.AgentScenario)
        {
            met = await AgentFailoverScenario.RunAsync(etcd.ClientUrl, options, cancellationToken);
        }

        if (options.LeaderScenario)
        {
            await LeaderFailoverScenario.RunAsync(etcd.ClientUrl, options, cancellationToken);
        }

        Console.WriteLine($"load average at the end: {Figures.LoadAverage()}");
        return met ? 0 : 1;
    }
}
