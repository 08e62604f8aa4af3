using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Registry.Tests.Embedded;

/// <summary>What only the embedded store promises: its clock, its file, its history bound, its writer.</summary>
public sealed class EmbeddedRegistryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    private EmbeddedRegistry Open(long historyRevisions = 10_000, int watchBufferEvents = 65_536) =>
        EmbeddedRegistry.Open(_directory.Database, new EmbeddedRegistryOptions
        {
            TimeProvider = _clock,
            HistoryRevisions = historyRevisions,
            WatchBufferEvents = watchBufferEvents,
        });

    private static ReadOnlyMemory<byte> Text(string text) => RegistryText.Encode(text);

    /// <summary>Any write is applied after everything queued before it (lease expiry included): a barrier.</summary>
    private static Task<long> BarrierAsync(IRegistry registry) => registry.PutAsync("/barrier", Text("x"));

    [Fact]
    public async Task An_empty_store_is_at_revision_1_and_the_first_write_makes_revision_2()
    {
        await using EmbeddedRegistry registry = Open();

        Assert.Equal(1, await registry.GetRevisionAsync());
        Assert.Equal(1, (await registry.RangeAsync("")).Revision);
        Assert.Equal(2, await registry.PutAsync("/a", Text("1")));
        Assert.Equal(3, (await registry.DeleteAsync("/a")).Revision);
        Assert.Equal(3, (await registry.DeleteAsync("/a")).Revision);
        Assert.Equal(3, await registry.GetRevisionAsync());
    }

    [Fact]
    public async Task A_lease_expires_on_the_fake_clock_deleting_its_keys_in_one_sorted_revision()
    {
        await using EmbeddedRegistry registry = Open();
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(10));
        await registry.PutAsync("/l/b", Text("2"), lease.Id);
        await registry.PutAsync("/l/a", Text("1"), lease.Id);
        long before = await registry.GetRevisionAsync();
        await using var watch = Conformance.WatchRecorder.Start(registry, "/l/", before + 1);

        _clock.Advance(TimeSpan.FromSeconds(9));
        await BarrierAsync(registry);
        Assert.NotNull(await registry.GetAsync("/l/a"));
        Assert.Equal(TimeSpan.FromSeconds(1), (await registry.GetLeaseAsync(lease.Id))!.RemainingTtl);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await BarrierAsync(registry);

        Assert.Null(await registry.GetAsync("/l/a"));
        Assert.Null(await registry.GetAsync("/l/b"));
        Assert.Null(await registry.GetLeaseAsync(lease.Id));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => registry.KeepAliveAsync(lease.Id));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => registry.PutAsync("/late", Text("x"), lease.Id));
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(2);
        Assert.Equal(["/l/a", "/l/b"], events.Select(e => e.Item.Key));
        Assert.All(events, e => Assert.Equal(before + 2, e.Revision)); // the barrier took before + 1
    }

    [Fact]
    public async Task The_lease_timer_alone_expires_a_lease()
    {
        await using EmbeddedRegistry registry = Open();
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(5));
        await registry.PutAsync("/t/a", Text("1"), lease.Id);
        await using var watch = Conformance.WatchRecorder.Start(registry, "/t/", await registry.GetRevisionAsync() + 1);

        _clock.Advance(TimeSpan.FromSeconds(5));

        WatchEvent deleted = Assert.Single(await watch.WaitForEventsAsync(1));
        Assert.Equal(WatchEventKind.Delete, deleted.Kind);
    }

    [Fact]
    public async Task Keep_alives_on_the_fake_clock_hold_a_lease_and_short_ttls_become_two_seconds()
    {
        await using EmbeddedRegistry registry = Open();
        LeaseGrant shortLease = await registry.GrantLeaseAsync(TimeSpan.FromMilliseconds(100));
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(10));
        await registry.PutAsync("/k", Text("1"), lease.Id);

        for (int i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(8));
            Assert.Equal(TimeSpan.FromSeconds(10), await registry.KeepAliveAsync(lease.Id));
        }

        await BarrierAsync(registry);
        Assert.Equal(TimeSpan.FromSeconds(2), shortLease.Ttl);
        Assert.Null(await registry.GetLeaseAsync(shortLease.Id));
        Assert.NotNull(await registry.GetAsync("/k"));
        Assert.Equal(TimeSpan.FromSeconds(10), (await registry.GetLeaseAsync(lease.Id))!.RemainingTtl);
    }

    [Fact]
    public async Task Reopening_keeps_data_and_revision_and_renews_surviving_leases()
    {
        long revision;
        long leaseId;
        await using (EmbeddedRegistry first = Open())
        {
            await first.PutAsync("/a", Text("1"));
            await first.PutAsync("/a", Text("2"));
            leaseId = (await first.GrantLeaseAsync(TimeSpan.FromSeconds(10))).Id;
            revision = await first.PutAsync("/leased", Text("x"), leaseId);
            _clock.Advance(TimeSpan.FromSeconds(9));
        }

        _clock.Advance(TimeSpan.FromSeconds(30)); // the process was down for a while
        await using EmbeddedRegistry second = Open();

        Assert.Equal(revision, await second.GetRevisionAsync());
        KeyValue a = (await second.GetAsync("/a"))!;
        Assert.Equal(("2", 2L), (a.ValueText, a.Version));
        Assert.Equal("1", (await second.GetAsync("/a", revision - 2))!.ValueText);
        Assert.Equal(TimeSpan.FromSeconds(10), (await second.GetLeaseAsync(leaseId))!.RemainingTtl);
        Assert.NotNull(await second.GetAsync("/leased"));
        Assert.Equal(revision + 1, await second.PutAsync("/b", Text("1")));
    }

    [Fact]
    public async Task A_second_open_of_the_same_file_is_refused()
    {
        await using EmbeddedRegistry registry = Open();

        Assert.Throws<RegistryUnavailableException>(() => Open());
    }

    [Fact]
    public async Task The_history_bound_compacts_old_revisions_automatically()
    {
        await using EmbeddedRegistry registry = Open(historyRevisions: 10);
        for (int i = 0; i < 50; i++)
        {
            await registry.PutAsync($"/h/{i % 3}", Text(i.ToString()));
        }

        await BarrierAsync(registry);
        long now = await registry.GetRevisionAsync();

        var error = await Assert.ThrowsAsync<RegistryCompactedException>(() => registry.GetAsync("/h/0", 2));
        Assert.InRange(error.CompactRevision, now - 20, now - 9);
        // Puts 0..49 took revisions 2..51, the barrier 52: revision now - 9 = 43 is put 41.
        Assert.Equal("41", (await registry.GetAsync("/h/2", now - 9))!.ValueText);
        Assert.Equal(["39", "40", "41"], (await registry.RangeAsync("/h/", now - 9)).Items.Select(i => i.ValueText));
    }

    [Fact]
    public async Task Compaction_keeps_every_snapshot_from_the_compaction_point_on()
    {
        await using EmbeddedRegistry registry = Open(historyRevisions: 0);
        var random = new Random(7);
        var snapshots = new Dictionary<long, string[]>();
        long compactAt = 0;
        for (int step = 0; step < 300; step++)
        {
            string key = $"/s/{random.Next(12):D2}";
            if (random.Next(4) == 0)
            {
                await registry.DeleteAsync(key);
            }
            else if (random.Next(10) == 0)
            {
                await registry.DeletePrefixAsync($"/s/{random.Next(2)}");
            }
            else
            {
                await registry.PutAsync(key, Text(step.ToString()));
            }

            RangeResult now = await registry.RangeAsync("/s/");
            snapshots[now.Revision] = [.. now.Items.Select(Describe)];
            if (step is 100 or 200 or 250)
            {
                compactAt = now.Revision - 20;
                await registry.CompactAsync(compactAt);
            }
        }

        foreach ((long revision, string[] expected) in snapshots)
        {
            if (revision < compactAt)
            {
                await Assert.ThrowsAsync<RegistryCompactedException>(() => registry.RangeAsync("/s/", revision));
                continue;
            }

            Assert.Equal(expected, (await registry.RangeAsync("/s/", revision)).Items.Select(Describe));
        }

        static string Describe(KeyValue item) => $"{item.Key}={item.ValueText} c{item.CreateRevision} m{item.ModRevision} v{item.Version}";
    }

    [Fact]
    public async Task Concurrent_writers_get_distinct_consecutive_revisions_and_a_watch_sees_them_all()
    {
        await using EmbeddedRegistry registry = Open();
        await using var watch = Conformance.WatchRecorder.Start(registry, "/c/", 2);

        long[][] revisions = await Task.WhenAll(Enumerable.Range(0, 64).Select(writer => Task.Run(async () =>
        {
            var mine = new long[20];
            for (int i = 0; i < mine.Length; i++)
            {
                mine[i] = await registry.PutAsync($"/c/{writer:D2}/{i:D2}", Text($"{writer}.{i}"));
            }

            return mine;
        })));

        long[] all = [.. revisions.SelectMany(r => r).Order()];
        Assert.Equal(Enumerable.Range(2, 64 * 20).Select(r => (long)r), all);
        Assert.All(revisions, mine => Assert.Equal(mine.Order(), mine));
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(64 * 20);
        Assert.Equal(all, events.Select(e => e.Revision));
        RangeResult range = await registry.RangeAsync("/c/");
        Assert.Equal(64 * 20, range.Items.Count);
        Assert.All(range.Items, item =>
        {
            string[] parts = item.Key.Split('/');
            Assert.Equal($"{int.Parse(parts[2])}.{int.Parse(parts[3])}", item.ValueText);
        });
    }

    [Fact]
    public async Task A_failing_request_in_a_batch_does_not_affect_the_others()
    {
        await using EmbeddedRegistry registry = Open();

        Task<long>[] good = [.. Enumerable.Range(0, 50).Select(i => registry.PutAsync($"/g/{i}", Text("ok")))];
        Task<long>[] bad = [.. Enumerable.Range(0, 50).Select(i => registry.PutAsync($"/b/{i}", Text("no"), leaseId: 12345))];

        await Task.WhenAll(good);
        foreach (Task<long> rejected in bad)
        {
            await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => rejected);
        }

        Assert.Equal(50, (await registry.RangeAsync("/g/")).Items.Count);
        Assert.Empty((await registry.RangeAsync("/b/")).Items);
        Assert.Equal(51, await registry.GetRevisionAsync());
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_its_buffer_catches_up_from_the_database()
    {
        await using EmbeddedRegistry registry = Open(watchBufferEvents: 10);
        await using IAsyncEnumerator<WatchBatch> watch = registry.WatchAsync("/w/", 2).GetAsyncEnumerator();
        await registry.PutAsync("/w/first", Text("0"));
        Assert.True(await watch.MoveNextAsync()); // subscribed and live

        for (int i = 1; i <= 200; i++)
        {
            await registry.PutAsync($"/w/{i:D3}", Text(i.ToString()));
        }

        var seen = new List<WatchEvent>(watch.Current.Events);
        while (seen.Count < 201)
        {
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            seen.AddRange(watch.Current.Events);
        }

        Assert.Equal(Enumerable.Range(2, 201).Select(r => (long)r), seen.Select(e => e.Revision));
    }

    [Fact]
    public async Task A_closed_store_refuses_calls_and_ends_its_watches()
    {
        EmbeddedRegistry registry = Open();
        await registry.PutAsync("/a", Text("1"));
        await using var watch = Conformance.WatchRecorder.Start(registry, "/", 2);
        await watch.WaitForEventsAsync(1);

        await registry.DisposeAsync();
        await registry.DisposeAsync(); // twice is harmless

        Assert.IsType<RegistryClosedException>(await watch.WaitForFailureAsync());
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.GetRevisionAsync());
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.RangeAsync("/"));
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.DeleteAsync("/a"));
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.TransactAsync(new TransactionRequest([], [])));
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.KeepAliveAsync(1));
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.GetLeaseAsync(1));
        await Assert.ThrowsAsync<RegistryClosedException>(() => registry.CompactAsync(1));
    }

    [Fact]
    public async Task Writes_queued_before_dispose_are_committed()
    {
        long last;
        await using (EmbeddedRegistry registry = Open())
        {
            Task<long>[] writes = [.. Enumerable.Range(0, 100).Select(i => registry.PutAsync($"/q/{i}", Text("x")))];
            await registry.DisposeAsync();
            last = (await Task.WhenAll(writes)).Max();
        }

        await using EmbeddedRegistry reopened = Open();
        Assert.Equal(last, await reopened.GetRevisionAsync());
        Assert.Equal(100, (await reopened.RangeAsync("/q/")).Items.Count);
    }
}
