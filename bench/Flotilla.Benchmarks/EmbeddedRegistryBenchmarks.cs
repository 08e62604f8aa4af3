using BenchmarkDotNet.Attributes;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Transactions;

namespace Flotilla.Benchmarks;

/// <summary>
/// Durable write throughput of the embedded store (synchronous=FULL: every acknowledged write is on
/// disk). One writer pays one fsync per put; concurrent writers share commits (group commit).
/// Divide OperationsPerInvoke by the mean to get operations per second.
/// </summary>
[MemoryDiagnoser]
public class EmbeddedRegistryBenchmarks
{
    private const int PutsPerWriter = 100;
    private const int Writers = 64;
    private const int Transactions = 20;
    private const int OperationsPerTransaction = 64;

    private readonly ReadOnlyMemory<byte> _value = new byte[100];
    private string _directory = "";
    private EmbeddedRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "flotilla-bench", Guid.NewGuid().ToString("N"));
        _registry = EmbeddedRegistry.Open(Path.Combine(_directory, "registry.db"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = PutsPerWriter)]
    public async Task PutOneWriter()
    {
        for (int i = 0; i < PutsPerWriter; i++)
        {
            await _registry.PutAsync($"/bench/single/{i}", _value);
        }
    }

    [Benchmark(OperationsPerInvoke = PutsPerWriter * Writers)]
    public Task Put64Writers() => Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
    {
        for (int i = 0; i < PutsPerWriter; i++)
        {
            await _registry.PutAsync($"/bench/{writer}/{i}", _value);
        }
    })));

    [Benchmark(OperationsPerInvoke = Transactions)]
    public async Task Transaction64OpsOneWriter()
    {
        for (int t = 0; t < Transactions; t++)
        {
            var operations = new RegistryOperation[OperationsPerTransaction];
            for (int i = 0; i < operations.Length; i++)
            {
                operations[i] = RegistryOperation.Put($"/bench/txn/{i}", _value);
            }

            await _registry.TransactAsync(new TransactionRequest([], operations));
        }
    }

    [Benchmark(OperationsPerInvoke = Transactions * 8)]
    public Task Transaction64Ops8Writers() => Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
    {
        for (int t = 0; t < Transactions; t++)
        {
            var operations = new RegistryOperation[OperationsPerTransaction];
            for (int i = 0; i < operations.Length; i++)
            {
                operations[i] = RegistryOperation.Put($"/bench/txn/{writer}/{i}", _value);
            }

            await _registry.TransactAsync(new TransactionRequest([], operations));
        }
    })));
}
