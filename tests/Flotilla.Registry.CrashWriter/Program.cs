using Flotilla.Registry;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.CrashWriter;

/// <summary>
/// The victim of the crash test: opens the embedded store at args[0] and, on several concurrent lanes
/// (so writes share group commits), writes transactions forever. Each transaction of lane L puts
/// <see cref="KeysPerTransaction"/> keys and the lane's counter to the same sequence number, guarded by
/// the counter's mod revision; after each acknowledgement it prints "L seq". The test kills it with
/// SIGKILL at random points and checks that every printed sequence survived, whole.
/// </summary>
internal static class Program
{
    public const int Lanes = 4;
    public const int KeysPerTransaction = 5;

    private static readonly object Output = new();

    public static async Task<int> Main(string[] args)
    {
        await using EmbeddedRegistry registry = EmbeddedRegistry.Open(args[0], new EmbeddedRegistryOptions { HistoryRevisions = 0 });
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => RunLaneAsync(registry, lane)));
        return 0;
    }

    private static async Task RunLaneAsync(IRegistry registry, int lane)
    {
        string counterKey = $"/crash/{lane}/counter";
        KeyValue? counter = await registry.GetAsync(counterKey);
        long sequence = counter is null ? 0 : long.Parse(counter.ValueText);
        long modRevision = counter?.ModRevision ?? 0;
        string padding = new('p', 200);
        while (true)
        {
            sequence++;
            var operations = new List<RegistryOperation>();
            for (int key = 0; key < KeysPerTransaction; key++)
            {
                operations.Add(RegistryOperation.Put($"/crash/{lane}/key{key}", RegistryText.Encode($"{sequence} {padding}")));
            }

            operations.Add(RegistryOperation.Put(counterKey, RegistryText.Encode(sequence.ToString())));
            TransactionResult result = await registry.TransactAsync(new TransactionRequest([Compare.Unchanged(counterKey, modRevision)], operations));
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"lane {lane}: the counter changed behind the writer's back");
                Environment.Exit(2);
            }

            modRevision = result.Revision;
            lock (Output)
            {
                Console.Out.WriteLine($"{lane} {sequence}");
                Console.Out.Flush();
            }
        }
    }
}
