using System.Text;
using Flotilla.Benchmarks.ClusterScale;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Watching;
using Flotilla.Testing;

namespace Flotilla.Benchmarks.Tests.ClusterScale;

public sealed class CountingRegistryTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private EmbeddedRegistry? _store;

    public Task InitializeAsync()
    {
        _store = EmbeddedRegistry.Open(_directory.Database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Counts_reads_writes_and_lease_calls_and_passes_them_through()
    {
        var counts = new RequestCounts();
        var registry = new CountingRegistry(_store!, counts);

        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        await registry.PutAsync("/a/1", Encoding.UTF8.GetBytes("one"), lease.Id);
        await registry.PutAsync("/a/2", Encoding.UTF8.GetBytes("two"));
        await registry.DeleteAsync("/a/2");
        await registry.KeepAliveAsync(lease.Id);

        Assert.Equal("one", (await registry.GetAsync("/a/1"))!.ValueText);
        Assert.Single((await registry.RangeAsync("/a/")).Items);
        Assert.Equal(new RequestSnapshot(Reads: 2, Writes: 3, LeaseCalls: 2, WatchesOpened: 0, WatchEvents: 0), counts.Snapshot());
    }

    [Fact]
    public async Task Counts_every_event_a_watch_delivers()
    {
        var counts = new RequestCounts();
        var registry = new CountingRegistry(_store!, counts);
        long from = await _store!.GetRevisionAsync() + 1;
        await _store.PutAsync("/w/1", Encoding.UTF8.GetBytes("1"));
        await _store.PutAsync("/w/2", Encoding.UTF8.GetBytes("2"));
        await _store.DeleteAsync("/w/1");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int seen = 0;
        await foreach (WatchBatch batch in registry.WatchAsync("/w/", from, timeout.Token))
        {
            seen += batch.Events.Count;
            if (seen >= 3)
            {
                break;
            }
        }

        Assert.Equal(1, counts.WatchesOpened);
        Assert.Equal(3, counts.WatchEvents);
    }

    [Fact]
    public async Task Since_subtracts_a_baseline()
    {
        var counts = new RequestCounts();
        var registry = new CountingRegistry(_store!, counts);
        await registry.PutAsync("/b/1", Encoding.UTF8.GetBytes("1"));
        RequestSnapshot baseline = counts.Snapshot();

        await registry.GetAsync("/b/1");

        Assert.Equal(new RequestSnapshot(1, 0, 0, 0, 0), counts.Snapshot().Since(baseline));
    }
}
