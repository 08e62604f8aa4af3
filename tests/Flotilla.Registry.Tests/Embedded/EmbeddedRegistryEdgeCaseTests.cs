using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Registry.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Registry.Tests.Embedded;

/// <summary>
/// Corners of etcd's semantics the conformance suite does not pin down, checked on the embedded store
/// with a fake clock: leases past their expiry, leases in the branch not taken, tombstones across
/// compaction and reopen, watches from a future revision, reads inside a transaction.
/// </summary>
public sealed class EmbeddedRegistryEdgeCaseTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    private EmbeddedRegistry Open(int watchBufferEvents = 65_536) =>
        EmbeddedRegistry.Open(_directory.Database, new EmbeddedRegistryOptions
        {
            TimeProvider = _clock,
            HistoryRevisions = 0,
            WatchBufferEvents = watchBufferEvents,
        });

    private static ReadOnlyMemory<byte> Text(string text) => RegistryText.Encode(text);

    [Fact]
    public async Task An_unknown_lease_only_matters_in_the_branch_that_is_applied()
    {
        await using EmbeddedRegistry registry = Open();
        await registry.PutAsync("/t/guard", Text("1"));
        long before = await registry.GetRevisionAsync();
        const long unknownLease = 424242;

        // The failure branch names an unknown lease, but the success branch is the one applied.
        TransactionResult applied = await registry.TransactAsync(new TransactionRequest(
            [Compare.Exists("/t/guard")],
            [RegistryOperation.Put("/t/ok", Text("yes"))],
            [RegistryOperation.Put("/t/leased", Text("no"), unknownLease)]));
        Assert.True(applied.Succeeded);
        Assert.Equal(before + 1, applied.Revision);

        // The applied branch names it: rejected whole, nothing written, no revision.
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => registry.TransactAsync(new TransactionRequest(
            [Compare.Exists("/t/guard")],
            [RegistryOperation.Put("/t/first", Text("x")), RegistryOperation.Put("/t/leased", Text("x"), unknownLease)])));
        Assert.Equal(before + 1, await registry.GetRevisionAsync());
        Assert.Null(await registry.GetAsync("/t/first"));
        Assert.Null(await registry.GetAsync("/t/leased"));
    }

    [Fact]
    public async Task A_lease_past_its_expiry_is_gone_for_every_call()
    {
        await using EmbeddedRegistry registry = Open();
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(5));
        await registry.PutAsync("/e/a", Text("1"), lease.Id);

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await registry.GetLeaseAsync(lease.Id));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => registry.KeepAliveAsync(lease.Id));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => registry.RevokeLeaseAsync(lease.Id));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => registry.PutAsync("/e/b", Text("2"), lease.Id));
        Assert.Null(await registry.GetAsync("/e/a"));
        Assert.Null(await registry.GetAsync("/e/b"));
    }

    [Fact]
    public async Task A_lease_without_keys_expires_without_making_a_revision()
    {
        await using EmbeddedRegistry registry = Open();
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(3));
        long before = await registry.GetRevisionAsync();

        _clock.Advance(TimeSpan.FromSeconds(4));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => registry.KeepAliveAsync(lease.Id));

        Assert.Equal(before, await registry.GetRevisionAsync());
        Assert.Equal(1, before); // granting a lease is no key-value revision either
    }

    [Fact]
    public async Task A_keep_alive_returns_the_granted_ttl_and_restarts_the_whole_ttl()
    {
        await using EmbeddedRegistry registry = Open();
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromMilliseconds(4_100));
        Assert.Equal(TimeSpan.FromSeconds(5), lease.Ttl);

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(5), await registry.KeepAliveAsync(lease.Id));
        _clock.Advance(TimeSpan.FromSeconds(4));

        LeaseStatus status = (await registry.GetLeaseAsync(lease.Id))!;
        Assert.Equal(TimeSpan.FromSeconds(5), status.GrantedTtl);
        Assert.Equal(TimeSpan.FromSeconds(1), status.RemainingTtl);
    }

    [Fact]
    public async Task Reads_inside_a_transaction_see_its_earlier_operations()
    {
        await using EmbeddedRegistry registry = Open();
        await registry.PutAsync("/r/a", Text("old"));
        await registry.PutAsync("/r/b", Text("b"));
        await registry.PutAsync("/r/c", Text("c"));

        TransactionResult result = await registry.TransactAsync(new TransactionRequest([],
        [
            RegistryOperation.Get("/r/a"),
            RegistryOperation.Put("/r/a", Text("new")),
            RegistryOperation.Get("/r/a"),
            RegistryOperation.Delete("/r/b"),
            RegistryOperation.Get("/r/b"),
            RegistryOperation.Delete("/r/missing"),
            RegistryOperation.DeletePrefix("/r/c"),
        ]));

        Assert.Equal(5, result.Revision);
        Assert.Equal("old", result.Results[0].Item!.ValueText);
        Assert.Equal(1, result.Results[0].Item!.Version);
        Assert.Equal("new", result.Results[2].Item!.ValueText);
        Assert.Equal(2, result.Results[2].Item!.Version);
        Assert.Equal(5, result.Results[2].Item!.ModRevision);
        Assert.Equal(1, result.Results[3].Deleted);
        Assert.Null(result.Results[4].Item);
        Assert.Equal(0, result.Results[5].Deleted);
        Assert.Equal(1, result.Results[6].Deleted);
    }

    [Fact]
    public async Task A_watch_from_a_future_revision_starts_exactly_there()
    {
        await using EmbeddedRegistry registry = Open();
        await registry.PutAsync("/f/a", Text("1")); // 2
        await using var watch = Conformance.WatchRecorder.Start(registry, "/f/", 5);

        await registry.PutAsync("/f/b", Text("2")); // 3
        await registry.TransactAsync(new TransactionRequest([], [RegistryOperation.Put("/f/c", Text("3"))])); // 4
        await registry.PutAsync("/f/d", Text("4")); // 5
        await registry.PutAsync("/f/e", Text("5")); // 6

        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(2);
        Assert.Equal([5L, 6L], events.Select(e => e.Revision));
        Assert.Equal(["/f/d", "/f/e"], events.Select(e => e.Item.Key));
    }

    [Fact]
    public async Task Replayed_deletes_look_like_live_ones()
    {
        await using EmbeddedRegistry registry = Open();
        await registry.PutAsync("/d/a", Text("1")); // 2
        await registry.DeleteAsync("/d/a"); // 3

        await using var watch = Conformance.WatchRecorder.Start(registry, "/d/", 2);
        IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(2);

        WatchEvent deletion = events[1];
        Assert.Equal(WatchEventKind.Delete, deletion.Kind);
        Assert.Equal("/d/a", deletion.Item.Key);
        Assert.True(deletion.Item.Value.IsEmpty);
        Assert.Equal(3, deletion.Item.ModRevision);
        Assert.Equal(0, deletion.Item.CreateRevision);
        Assert.Equal(0, deletion.Item.Version);
    }

    [Fact]
    public async Task Compaction_at_a_deletion_keeps_the_key_deleted_there_and_survives_reopen()
    {
        await using (EmbeddedRegistry registry = Open())
        {
            await registry.PutAsync("/c/a", Text("1")); // 2
            await registry.PutAsync("/c/b", Text("1")); // 3
            await registry.DeleteAsync("/c/a"); // 4
            await registry.PutAsync("/c/b", Text("2")); // 5
            await registry.CompactAsync(4);

            await Assert.ThrowsAsync<RegistryInvalidRequestException>(() => registry.CompactAsync(6));
            await Assert.ThrowsAsync<RegistryCompactedException>(() => registry.CompactAsync(4));
        }

        await using (EmbeddedRegistry reopened = Open())
        {
            Assert.Null(await reopened.GetAsync("/c/a", revision: 4));
            Assert.Equal(["/c/b"], (await reopened.RangeAsync("/c/", revision: 4)).Items.Select(i => i.Key));
            Assert.Equal("1", (await reopened.GetAsync("/c/b", revision: 4))!.ValueText);
            Assert.Equal("2", (await reopened.GetAsync("/c/b"))!.ValueText);
            RegistryCompactedException error = await Assert.ThrowsAsync<RegistryCompactedException>(() => reopened.GetAsync("/c/b", revision: 3));
            Assert.Equal(4, error.CompactRevision);

            // From the compaction point on, history is whole: the delete at 4 and the put at 5.
            await using var watch = Conformance.WatchRecorder.Start(reopened, "/c/", 4);
            IReadOnlyList<WatchEvent> events = await watch.WaitForEventsAsync(2);
            Assert.Equal([(WatchEventKind.Delete, 4L), (WatchEventKind.Put, 5L)], events.Select(e => (e.Kind, e.Revision)));
        }
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_past_a_compaction_is_told_so()
    {
        await using EmbeddedRegistry registry = Open(watchBufferEvents: 4);
        await using IAsyncEnumerator<WatchBatch> watch = registry.WatchAsync("/s/", 2).GetAsyncEnumerator();
        await registry.PutAsync("/s/first", Text("0"));
        Assert.True(await watch.MoveNextAsync());

        for (int i = 0; i < 20; i++)
        {
            await registry.PutAsync("/s/k", Text(i.ToString()));
        }

        await registry.CompactAsync(await registry.GetRevisionAsync());

        // Whatever was buffered is delivered; then the catch-up finds the history gone.
        var error = await Assert.ThrowsAsync<RegistryCompactedException>(async () =>
        {
            while (await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)))
            {
            }
        });
        Assert.Equal(22, error.CompactRevision);
    }

    [Fact]
    public async Task Every_old_revision_reads_back_exactly_as_it_was()
    {
        await using EmbeddedRegistry registry = Open();
        var random = new Random(7);
        string[] keys = [.. Enumerable.Range(0, 12).Select(i => $"/m/{i:D2}"), "/m/\u00e9", "/m/\uffff", "/m/\U0001F600", "/m/z"];
        var model = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var snapshots = new Dictionary<long, KeyValuePair<string, string>[]> { [1] = [] };
        for (int step = 0; step < 150; step++)
        {
            string key = keys[random.Next(keys.Length)];
            long revision;
            switch (random.Next(4))
            {
                case 0 when model.ContainsKey(key):
                    revision = (await registry.DeleteAsync(key)).Revision;
                    model.Remove(key);
                    break;
                case 1:
                    string prefix = char.IsLowSurrogate(key[^1]) ? key : key[..^1];
                    revision = (await registry.DeletePrefixAsync(prefix)).Revision;
                    foreach (string gone in model.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                    {
                        model.Remove(gone);
                    }

                    break;
                default:
                    string value = step.ToString();
                    revision = await registry.PutAsync(key, Text(value));
                    model[key] = value;
                    break;
            }

            snapshots[revision] = [.. model];
        }

        foreach ((long revision, KeyValuePair<string, string>[] expected) in snapshots)
        {
            RangeResult range = await registry.RangeAsync("/m/", revision);
            Assert.Equal(
                expected.OrderBy(e => RegistryText.Encode(e.Key).ToArray(), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).Select(e => (e.Key, e.Value)),
                range.Items.Select(i => (i.Key, i.ValueText)));
            foreach (string key in keys)
            {
                KeyValue? item = await registry.GetAsync(key, revision);
                Assert.Equal(expected.FirstOrDefault(e => e.Key == key).Value, item?.ValueText);
            }
        }
    }
}
