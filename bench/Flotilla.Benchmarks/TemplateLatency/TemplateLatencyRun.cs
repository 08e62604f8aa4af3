using System.Diagnostics;
using System.Globalization;
using Flotilla.Benchmarks.RegistryThroughput;
using Flotilla.Confd;
using Flotilla.Confd.Pipeline;
using Flotilla.Confd.Resources;
using Flotilla.Confd.Stores;
using Flotilla.Registry.Data;
using Flotilla.Registry.Etcd;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Benchmarks.TemplateLatency;

/// <summary>
/// `template-latency`: a key change in a real etcd -> the template role's dest rewritten, measured one
/// change at a time (each change waits for its render), without debounce. For scale, the same run
/// measures a bare put through the same client, the part of the latency the role cannot remove.
/// </summary>
internal static class TemplateLatencyRun
{
    public static async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        int changes = arguments.Length > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 100;
        using BenchEtcd etcd = await BenchEtcd.StartAsync(cancellationToken);
        await using var registry = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = [etcd.ClientUrl] });
        string directory = Path.Combine(Path.GetTempPath(), $"flotilla-bench-template-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(directory, "templates"));
        try
        {
            string template = Path.Combine(directory, "templates", "lb.tmpl");
            await File.WriteAllTextAsync(template, "{{range gets \"/services/web/*\"}}server {{base .Key}} {{.Value}} check\n{{end}}", cancellationToken);
            string destination = Path.Combine(directory, "haproxy.cfg");
            var resource = new TemplateResource
            {
                ConfigFile = "bench.toml",
                Source = template,
                Destination = destination,
                Keys = ["/services/web"],
            };
            for (int i = 0; i < 3; i++)
            {
                await registry.PutAsync($"/services/web/web{i}", RegistryText.Encode($"10.0.0.{i}:8080"), cancellationToken: cancellationToken);
            }

            TaskCompletionSource<long> rendered = NewSignal();
            var role = new TemplateRole(new RegistryTemplateStore(registry), [resource], new PipelineOptions(), NullLogger.Instance)
            {
                Processed = (_, outcome) =>
                {
                    if (outcome.Result == ProcessResult.Updated)
                    {
                        rendered.TrySetResult(outcome.Revision);
                    }
                },
            };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task watching = role.RunWatchAsync(stop.Token);
            await rendered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

            var latencies = new List<double>();
            var puts = new List<double>();
            for (int i = 0; i < changes + 10; i++)
            {
                rendered = NewSignal();
                string value = $"10.0.1.{i % 250}:{8000 + i}";
                var clock = Stopwatch.StartNew();
                long revision = await registry.PutAsync("/services/web/web0", RegistryText.Encode(value), cancellationToken: cancellationToken);
                double put = clock.Elapsed.TotalMilliseconds;
                while (await rendered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken) < revision)
                {
                    rendered = NewSignal(); // a render of an older revision: wait for ours
                }
                double latency = clock.Elapsed.TotalMilliseconds;
                if (!(await File.ReadAllTextAsync(destination, cancellationToken)).Contains(value, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("dest does not hold the new value");
                }
                if (i >= 10)
                {
                    // The first ten warm up the JIT and etcd's client connection.
                    latencies.Add(latency);
                    puts.Add(put);
                }
            }

            await stop.CancelAsync();
            await watching;
            latencies.Sort();
            puts.Sort();
            Console.WriteLine($"etcd {etcd.ClientUrl}, single member, {Environment.ProcessorCount} cores, {changes} changes, no debounce");
            Console.WriteLine($"{"measure",-26} {"median ms",10} {"p90 ms",8} {"max ms",8}");
            Console.WriteLine($"{"key change -> dest",-26} {Percentile(latencies, 0.5),10:F2} {Percentile(latencies, 0.9),8:F2} {latencies[^1],8:F2}");
            Console.WriteLine($"{"put alone (baseline)",-26} {Percentile(puts, 0.5),10:F2} {Percentile(puts, 0.9),8:F2} {puts[^1],8:F2}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static TaskCompletionSource<long> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static double Percentile(List<double> sorted, double fraction) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(fraction * sorted.Count))];
}
