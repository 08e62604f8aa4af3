using System.Diagnostics;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Watching;
using Xunit.Abstractions;

namespace Flotilla.Registry.Tests.Embedded;

/// <summary>
/// Kills a real writer process (SIGKILL) at random points, again and again on the same database, and
/// checks after each kill that every acknowledged transaction is there, whole, with consistent
/// revisions and history.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Lanes = 4;
    private const int KeysPerTransaction = 5;
    private const int Kills = 24;

    private readonly TemporaryDirectory _directory = new();
    private readonly ITestOutputHelper _output;

    public CrashTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Killed_writers_lose_no_acknowledged_transaction_and_leave_none_half_applied()
    {
        var random = new Random(20261125);
        long[] acknowledged = new long[Lanes];
        int totalAcknowledged = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            // Mostly kill after some acknowledgements; sometimes while the store is still opening.
            int wanted = kill % 6 == 5 ? 0 : random.Next(1, 60);
            totalAcknowledged += await RunAndKillAsync(wanted, acknowledged);
            await VerifyAsync(acknowledged);
        }

        _output.WriteLine($"{Kills} kills, {totalAcknowledged} acknowledged transactions, lanes at {string.Join(", ", acknowledged)}");
        Assert.True(totalAcknowledged >= Kills, "the writer made progress between kills");
    }

    /// <summary>Starts the writer, waits for <paramref name="wanted"/> acknowledgements, kills it; returns how many it printed.</summary>
    private async Task<int> RunAndKillAsync(int wanted, long[] acknowledged)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Flotilla.Registry.CrashWriter.dll"));
        start.ArgumentList.Add(_directory.Database);
        using Process writer = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash writer");
        Task<string> errors = writer.StandardError.ReadToEndAsync();
        int seen = 0;
        try
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while (seen < wanted)
            {
                // WaitAsync: a pipe read does not always honour a cancellation token.
                TimeSpan left = deadline - DateTime.UtcNow;
                string? line = await writer.StandardOutput.ReadLineAsync().WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                if (line is null)
                {
                    Assert.Fail($"the writer ended early: {await errors}");
                }

                Acknowledge(line, acknowledged);
                seen++;
            }
        }
        finally
        {
            writer.Kill(entireProcessTree: true);
            await writer.WaitForExitAsync();
        }

        // Lines still in the pipe were printed after their commit too: they count as acknowledged.
        while (await writer.StandardOutput.ReadLineAsync() is { } line)
        {
            Acknowledge(line, acknowledged);
            seen++;
        }

        return seen;
    }

    private static void Acknowledge(string line, long[] acknowledged)
    {
        string[] parts = line.Split(' ');
        int lane = int.Parse(parts[0]);
        long sequence = long.Parse(parts[1]);
        Assert.Equal(acknowledged[lane] + 1, sequence);
        acknowledged[lane] = sequence;
    }

    private async Task VerifyAsync(long[] acknowledged)
    {
        await using EmbeddedRegistry registry = EmbeddedRegistry.Open(_directory.Database, new EmbeddedRegistryOptions { HistoryRevisions = 0 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        long revision = await registry.GetRevisionAsync(timeout.Token);
        for (int lane = 0; lane < Lanes; lane++)
        {
            KeyValue? counter = await registry.GetAsync($"/crash/{lane}/counter", cancellationToken: timeout.Token);
            long sequence = counter is null ? 0 : long.Parse(counter.ValueText);

            // Each lane has at most one transaction in flight: committed but not yet acknowledged.
            Assert.InRange(sequence, acknowledged[lane], acknowledged[lane] + 1);
            for (int key = 0; key < KeysPerTransaction; key++)
            {
                KeyValue? item = await registry.GetAsync($"/crash/{lane}/key{key}", cancellationToken: timeout.Token);
                Assert.Equal(counter is null, item is null);
                if (counter is not null)
                {
                    Assert.Equal(sequence.ToString(), item!.ValueText.Split(' ')[0]);
                    Assert.Equal(counter.ModRevision, item.ModRevision);
                    Assert.Equal(counter.Version, item.Version);
                }
            }

            acknowledged[lane] = sequence;
        }

        await VerifyHistoryAsync(registry, revision, acknowledged, timeout.Token);
    }

    /// <summary>Every revision is one whole transaction of one lane, and each lane's sequence rises by one.</summary>
    private static async Task VerifyHistoryAsync(IRegistry registry, long revision, long[] acknowledged, CancellationToken cancellationToken)
    {
        long[] sequences = new long[Lanes];
        long expectedRevision = 2;
        if (revision > 1)
        {
            await foreach (WatchBatch batch in registry.WatchAsync("/crash/", 1, cancellationToken))
            {
                foreach (IGrouping<long, WatchEvent> transaction in batch.Events.GroupBy(e => e.Revision))
                {
                    Assert.Equal(expectedRevision++, transaction.Key);
                    WatchEvent[] events = [.. transaction];
                    Assert.Equal(KeysPerTransaction + 1, events.Length);
                    int lane = int.Parse(events[0].Item.Key.Split('/')[2]);
                    long sequence = sequences[lane] + 1;
                    Assert.All(events, e =>
                    {
                        Assert.Equal(WatchEventKind.Put, e.Kind);
                        Assert.StartsWith($"/crash/{lane}/", e.Item.Key);
                        Assert.Equal(sequence.ToString(), e.Item.ValueText.Split(' ')[0]);
                        Assert.Equal(sequence, e.Item.Version);
                    });
                    sequences[lane] = sequence;
                }

                if (batch.Revision >= revision)
                {
                    break;
                }
            }
        }

        Assert.Equal(revision + 1, expectedRevision);
        Assert.Equal(acknowledged, sequences);
    }
}
