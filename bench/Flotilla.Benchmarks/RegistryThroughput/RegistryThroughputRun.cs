using System.Diagnostics;
using Etcdserverpb;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Transactions;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Flotilla.Benchmarks.RegistryThroughput;

/// <summary>
/// `registry-throughput`: puts/s and 64-operation txns/s through <see cref="EtcdRegistry"/> against a
/// real single-member etcd, and in the same run the same requests through etcd's generated gRPC client
/// alone (no Flotilla layer), at the same concurrency, so the ratio is the cost of our layer.
/// </summary>
internal static class RegistryThroughputRun
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(3);
    private static readonly byte[] Value = new byte[128];

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using BenchEtcd etcd = await BenchEtcd.StartAsync(cancellationToken);
        await using var ours = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = [etcd.ClientUrl] });
        using GrpcChannel channel = GrpcChannel.ForAddress(etcd.ClientUrl);
        var raw = new KV.KVClient(channel);

        Console.WriteLine($"etcd {etcd.ClientUrl}, single member, {Environment.ProcessorCount} cores, {Measure.TotalSeconds} s per measurement, best of 2 rounds");
        Console.WriteLine($"{"scenario",-14} {"in flight",9} {"Flotilla/s",12} {"raw gRPC/s",12} {"ratio",7}");
        foreach (int concurrency in new[] { 1, 64 })
        {
            await CompareAsync("put", concurrency,
                worker => (i => ours.PutAsync(Key(worker, i), Value, cancellationToken: cancellationToken)),
                worker => (i => raw.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(Key(worker, i)), Value = UnsafeByteOperations.UnsafeWrap(Value) }, cancellationToken: cancellationToken).ResponseAsync),
                cancellationToken);

            await CompareAsync("txn 64 puts", concurrency,
                worker =>
                {
                    var request = new TransactionRequest([], [.. Enumerable.Range(0, 64).Select(k => RegistryOperation.Put(Key(worker, k), Value))]);
                    return _ => ours.TransactAsync(request, cancellationToken);
                },
                worker =>
                {
                    var request = new TxnRequest();
                    request.Success.AddRange(Enumerable.Range(0, 64).Select(k => new RequestOp
                    {
                        RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(Key(worker, k)), Value = UnsafeByteOperations.UnsafeWrap(Value) },
                    }));
                    return _ => raw.TxnAsync(request, cancellationToken: cancellationToken).ResponseAsync;
                },
                cancellationToken);
        }

        return 0;
    }

    private static string Key(int worker, int i) => $"/bench/{worker}/{i % 1000}";

    private static async Task CompareAsync(string scenario, int concurrency, Func<int, Func<int, Task>> ours, Func<int, Func<int, Task>> raw, CancellationToken cancellationToken)
    {
        double bestOurs = 0;
        double bestRaw = 0;
        for (int round = 0; round < 2; round++)
        {
            // Alternating, so drift in the machine (etcd's growing database, other load) hits both alike.
            bestRaw = Math.Max(bestRaw, await ThroughputAsync(raw, concurrency, cancellationToken));
            bestOurs = Math.Max(bestOurs, await ThroughputAsync(ours, concurrency, cancellationToken));
        }

        Console.WriteLine($"{scenario,-14} {concurrency,9} {bestOurs,12:F0} {bestRaw,12:F0} {bestOurs / bestRaw,7:P0}");
    }

    private static async Task<double> ThroughputAsync(Func<int, Func<int, Task>> operation, int concurrency, CancellationToken cancellationToken)
    {
        long completed = 0;
        bool counting = false;
        var stop = Stopwatch.StartNew();
        TimeSpan end = Warmup + Measure;
        Stopwatch? measured = null;
        Task[] workers = [.. Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            Func<int, Task> next = operation(worker);
            for (int i = 0; stop.Elapsed < end && !cancellationToken.IsCancellationRequested; i++)
            {
                await next(i);
                if (Volatile.Read(ref counting))
                {
                    Interlocked.Increment(ref completed);
                }
            }
        }, cancellationToken))];

        await Task.Delay(Warmup, cancellationToken);
        measured = Stopwatch.StartNew();
        Volatile.Write(ref counting, true);
        await Task.WhenAll(workers);
        return Interlocked.Read(ref completed) / measured.Elapsed.TotalSeconds;
    }
}
