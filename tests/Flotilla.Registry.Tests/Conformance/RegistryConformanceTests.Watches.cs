using Flotilla.Registry.Errors;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Tests.Conformance;

public abstract partial class RegistryConformanceTests
{
    private async Task<long> NextRevisionAsync() => await Registry.GetRevisionAsync(Timeout()) + 1;

    private static void AssertOrderedAndUnique(IReadOnlyList<WatchEvent> events)
    {
        for (int i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].Revision >= events[i - 1].Revision, $"event {i} at {events[i].Revision} after {events[i - 1].Revision}");
        }

        Assert.Equal(events.Count, events.Select(e => (e.Revision, e.Item.Key)).Distinct().Count());
    }

    [Fact]
    public async Task A_watch_sees_puts_and_deletes_in_order_exactly_once()
    {
        long from = await NextRevisionAsync();
        await using var watch = WatchRecorder.Start(Registry, Prefix, from);

        long r1 = await PutAsync("a", "1");
        long r2 = await PutAsync("b", "2");
        long r3 = await PutAsync("a", "3");
        long r4 = (await Registry.DeleteAsync(Prefix + "b", Timeout())).Revision;
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(4);

        Assert.Equal([r1, r2, r3, r4], events.Select(e => e.Revision));
        Assert.Equal([WatchEventKind.Put, WatchEventKind.Put, WatchEventKind.Put, WatchEventKind.Delete], events.Select(e => e.Kind));
        Assert.Equal(["1", "2", "3", ""], events.Select(e => e.Item.ValueText));
        Assert.Equal(2, events[2].Item.Version);
        Assert.Equal(r1, events[2].Item.CreateRevision);
        Assert.Equal(Prefix + "b", events[3].Item.Key);
        Assert.Equal(0, events[3].Item.CreateRevision);
        Assert.Equal(0, events[3].Item.Version);
        Assert.Null(watch.Failure);
    }

    [Fact]
    public async Task A_watch_from_an_old_revision_replays_history_then_continues_live()
    {
        long r1 = await PutAsync("h/1", "1");
        long r2 = await PutAsync("h/2", "2");
        await using var watch = WatchRecorder.Start(Registry, Prefix + "h/", r1);
        IReadOnlyList<WatchEvent> replayed = await watch.WaitForEventsAsync(2);
        long r3 = await PutAsync("h/3", "3");

        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(3);

        Assert.Equal([r1, r2], replayed.Select(e => e.Revision).Take(2));
        Assert.Equal([r1, r2, r3], events.Select(e => e.Revision));
    }

    [Fact]
    public async Task A_watch_sees_only_keys_under_its_prefix()
    {
        long from = await NextRevisionAsync();
        await using var watch = WatchRecorder.Start(Registry, Prefix + "in/", from);

        await PutAsync("inside", "sibling");
        await PutAsync("out/x", "other");
        long inside = await PutAsync("in/x", "mine");
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(1);
        await PutAsync("in/y", "mine too");
        events = await watch.WaitForEventsAsync(2);

        Assert.Equal([Prefix + "in/x", Prefix + "in/y"], events.Select(e => e.Item.Key));
        Assert.Equal(inside, events[0].Revision);
    }

    [Fact]
    public async Task A_transactions_events_arrive_together_in_one_batch()
    {
        long from = await NextRevisionAsync();
        await using var watch = WatchRecorder.Start(Registry, Prefix, from);

        TransactionResult result = await Registry.TransactAsync(
            new TransactionRequest([], [RegistryOperation.Put(Prefix + "t/b", Text("1")), RegistryOperation.Put(Prefix + "t/a", Text("2")), RegistryOperation.Put(Prefix + "t/c", Text("3"))]),
            Timeout());
        await watch.WaitForEventsAsync(3);

        WatchBatch batch = Assert.Single(watch.Batches);
        Assert.Equal(result.Revision, batch.Revision);
        Assert.All(batch.Events, e => Assert.Equal(result.Revision, e.Revision));
        Assert.Equal([Prefix + "t/b", Prefix + "t/a", Prefix + "t/c"], batch.Events.Select(e => e.Item.Key));
    }

    [Fact]
    public async Task A_prefix_delete_and_a_lease_revocation_each_arrive_as_one_sorted_revision()
    {
        await PutAsync("p/b", "1");
        await PutAsync("p/a", "2");
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(30), Timeout());
        await PutAsync("l/z", "1", lease.Id);
        await PutAsync("l/y", "2", lease.Id);
        long from = await NextRevisionAsync();
        await using var watch = WatchRecorder.Start(Registry, Prefix, from);

        long prefixDeleted = (await Registry.DeletePrefixAsync(Prefix + "p/", Timeout())).Revision;
        await Registry.RevokeLeaseAsync(lease.Id, Timeout());
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(4);

        Assert.All(events, e => Assert.Equal(WatchEventKind.Delete, e.Kind));
        Assert.Equal([Prefix + "p/a", Prefix + "p/b", Prefix + "l/y", Prefix + "l/z"], events.Select(e => e.Item.Key));
        Assert.Equal(prefixDeleted, events[0].Revision);
        Assert.Equal(prefixDeleted, events[1].Revision);
        Assert.Equal(events[2].Revision, events[3].Revision);
        Assert.Equal(prefixDeleted + 1, events[2].Revision);
    }

    [Fact]
    public async Task Watching_from_a_compacted_revision_reports_compaction()
    {
        long old = await PutAsync("c", "1");
        long compactAt = await PutAsync("c", "2");
        await Registry.CompactAsync(compactAt, Timeout());

        await using var watch = WatchRecorder.Start(Registry, Prefix, old);
        Exception failure = await watch.WaitForFailureAsync();

        var compacted = Assert.IsType<RegistryCompactedException>(failure);
        Assert.Equal(compactAt, compacted.CompactRevision);
        Assert.Empty(watch.Events);
    }

    [Fact]
    public async Task Watching_from_the_compaction_point_itself_still_works()
    {
        await PutAsync("c", "1");
        long compactAt = await PutAsync("c", "2");
        await Registry.CompactAsync(compactAt, Timeout());

        await using var watch = WatchRecorder.Start(Registry, Prefix, compactAt);
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(1);

        Assert.Equal(compactAt, events[0].Revision);
        Assert.Equal("2", events[0].Item.ValueText);
    }

    [Fact]
    public async Task A_watch_from_now_sees_only_later_changes()
    {
        await PutAsync("now/before", "x");
        await using var watch = WatchRecorder.Start(Registry, Prefix + "now/", 0);

        // The watch starts asynchronously: keep writing until it has seen something.
        for (int i = 0; watch.Events.Count == 0 && i < 100; i++)
        {
            await PutAsync($"now/after-{i}", "y");
            await Task.Delay(50);
        }

        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(1);
        Assert.All(events, e => Assert.StartsWith(Prefix + "now/after-", e.Item.Key));
        AssertOrderedAndUnique(events);
    }

    [Fact]
    public async Task A_slow_watcher_misses_nothing_while_many_revisions_pass()
    {
        long from = await NextRevisionAsync();
        await using var watch = WatchRecorder.Start(Registry, Prefix + "many/", from);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (int i = 0; i < 60; i++)
            {
                await PutAsync($"many/{writer}/{i}", i.ToString());
            }
        })));
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(480);

        Assert.Equal(480, events.Count);
        AssertOrderedAndUnique(events);
        Assert.Equal(480, events.Select(e => e.Revision).Distinct().Count());
        for (int writer = 0; writer < 8; writer++)
        {
            Assert.Equal(Enumerable.Range(0, 60).Select(i => i.ToString()), events.Where(e => e.Item.Key.StartsWith($"{Prefix}many/{writer}/", StringComparison.Ordinal)).Select(e => e.Item.ValueText));
        }
    }

    [Fact]
    public async Task Two_watches_are_independent()
    {
        long from = await NextRevisionAsync();
        await using var first = WatchRecorder.Start(Registry, Prefix + "one/", from);
        await using var second = WatchRecorder.Start(Registry, Prefix, from);

        await PutAsync("one/a", "1");
        await PutAsync("two/b", "2");

        Assert.Single(await first.WaitForEventsAsync(1));
        Assert.Equal(2, (await second.WaitForEventsAsync(2)).Count);
        await Task.Delay(200);
        Assert.Single(first.Events);
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_it()
    {
        using var cancel = new CancellationTokenSource();
        long from = await NextRevisionAsync();
        var seen = new List<WatchEvent>();
        Task watching = Task.Run(async () =>
        {
            await foreach (WatchBatch batch in Registry.WatchAsync(Prefix, from, cancel.Token))
            {
                seen.AddRange(batch.Events);
                await cancel.CancelAsync();
            }
        });

        await PutAsync("x", "1");
        Exception? ended = await Record.ExceptionAsync(() => watching.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(ended is null or OperationCanceledException, $"ended with {ended}");
        Assert.Single(seen);
    }

    [Fact]
    public async Task An_expiring_lease_is_seen_as_deletes()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(2), Timeout());
        await PutAsync("ttl/a", "1", lease.Id);
        long from = await NextRevisionAsync();
        await using var watch = WatchRecorder.Start(Registry, Prefix + "ttl/", from);

        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(1, TimeSpan.FromSeconds(15));

        Assert.Equal(WatchEventKind.Delete, Assert.Single(events).Kind);
        Assert.Equal(Prefix + "ttl/a", events[0].Item.Key);
    }
}
