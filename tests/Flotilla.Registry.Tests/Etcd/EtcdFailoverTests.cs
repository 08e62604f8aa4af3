using System.Diagnostics;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Tests.Conformance;
using Flotilla.Registry.Watching;

namespace Flotilla.Registry.Tests.Etcd;

/// <summary>
/// kill -9 of the very member the client talks to, on a three-member cluster of its own per test (a
/// killed member would otherwise change the next test's cluster).
/// </summary>
public sealed class EtcdFailoverTests
{
    private static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static ReadOnlyMemory<byte> Text(string text) => Data.RegistryText.Encode(text);

    /// <summary>Puts until acknowledged; a put that failed as unavailable may or may not have applied, so it is simply sent again.</summary>
    private static async Task<long> PutUntilAcknowledgedAsync(EtcdRegistry registry, string key, string value, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await registry.PutAsync(key, Text(value), cancellationToken: cancellationToken);
            }
            catch (Exception error) when (error is RegistryUnavailableException or RegistryTimeoutException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task Writes_continue_after_the_active_member_is_killed_and_none_acknowledged_is_lost()
    {
        await using EtcdCluster cluster = await EtcdCluster.StartAsync(3);
        await using EtcdRegistry registry = cluster.Connect(TimeSpan.FromSeconds(3));
        CancellationToken test = Within(60);
        var acknowledged = new Dictionary<string, long>();
        string killed = "";

        for (int i = 0; i < 300; i++)
        {
            if (i == 100)
            {
                killed = registry.ActiveEndpoint;
                cluster.MemberAt(killed).Kill();
            }

            string key = $"/writes/{i:D4}";
            acknowledged[key] = await PutUntilAcknowledgedAsync(registry, key, i.ToString(), test);
        }

        Assert.NotEqual(killed, registry.ActiveEndpoint);
        var stored = (await registry.RangeAsync("/writes/", cancellationToken: test)).Items.ToDictionary(i => i.Key);
        Assert.Equal(acknowledged.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        Assert.All(acknowledged, pair => Assert.True(stored[pair.Key].ModRevision >= pair.Value));
    }

    [Fact]
    public async Task A_watch_resumes_on_another_member_and_sees_every_revision_once_in_order()
    {
        await using EtcdCluster cluster = await EtcdCluster.StartAsync(3);
        await using EtcdRegistry registry = cluster.Connect(TimeSpan.FromSeconds(3));
        CancellationToken test = Within(60);
        long from = await registry.GetRevisionAsync(test) + 1;
        await using var watch = WatchRecorder.Start(registry, "/watched/", from);
        var written = new List<long>();

        for (int i = 0; i < 200; i++)
        {
            if (i == 80)
            {
                // Let the watch catch up partly so the resume point lies inside the stream.
                await watch.WaitForEventsAsync(40);
                cluster.MemberAt(registry.ActiveEndpoint).Kill();
            }

            written.Add(await PutUntilAcknowledgedAsync(registry, $"/watched/{i:D4}", i.ToString(), test));
        }

        long last = written[^1];
        await EventuallyAsync(() => watch.Events.Count > 0 && watch.Events[^1].Revision >= last, TimeSpan.FromSeconds(20));
        Assert.Null(watch.Failure);

        // The truth: the same history read by a fresh watch on the surviving members.
        var truth = new List<WatchEvent>();
        using (var done = CancellationTokenSource.CreateLinkedTokenSource(test))
        {
            await foreach (WatchBatch batch in registry.WatchAsync("/watched/", from, done.Token))
            {
                truth.AddRange(batch.Events);
                if (batch.Revision >= last)
                {
                    break;
                }
            }
        }

        IReadOnlyList<WatchEvent> seen = watch.Events;
        Assert.Equal(truth.Select(e => (e.Revision, e.Item.Key, e.Item.ValueText)), seen.Select(e => (e.Revision, e.Item.Key, e.Item.ValueText)));
        Assert.Subset(seen.Select(e => e.Revision).ToHashSet(), written.ToHashSet());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Revision < p.Second.Revision), "strictly increasing revisions");
        Assert.All(watch.Batches, b => Assert.NotEmpty(b.Events));
    }

    [Fact]
    public async Task A_kept_lease_survives_the_death_of_the_active_member()
    {
        await using EtcdCluster cluster = await EtcdCluster.StartAsync(3);
        await using EtcdRegistry registry = cluster.Connect(TimeSpan.FromSeconds(2));
        CancellationToken test = Within(60);
        LeaseGrant lease = await registry.GrantLeaseAsync(TimeSpan.FromSeconds(2), test);
        await registry.PutAsync("/presence/me", Text("here"), lease.Id, test);
        await using var keeper = LeaseKeeper.Start(registry, lease, TimeProvider.System);
        await Task.Delay(500, test);

        cluster.MemberAt(registry.ActiveEndpoint).Kill();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(4.5))
        {
            await Task.Delay(250, test);
            Assert.False(keeper.Lost.IsCancellationRequested, "the keeper lost the lease");
        }

        Assert.Equal("here", (await registry.GetAsync("/presence/me", cancellationToken: test))?.ValueText);
        Assert.NotNull(await registry.GetLeaseAsync(lease.Id, test));
        Assert.False(keeper.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task A_killed_member_that_restarts_serves_again()
    {
        await using EtcdCluster cluster = await EtcdCluster.StartAsync(3);
        await using EtcdRegistry registry = cluster.Connect(TimeSpan.FromSeconds(3));
        CancellationToken test = Within(60);
        EtcdMember first = cluster.MemberAt(registry.ActiveEndpoint);
        await registry.PutAsync("/restart/a", Text("1"), cancellationToken: test);

        first.Kill();
        await PutUntilAcknowledgedAsync(registry, "/restart/b", "2", test);
        await cluster.RestartAsync(first);
        await using var direct = new EtcdRegistry(new EtcdRegistryOptions { Endpoints = [first.ClientUrl] });

        await EventuallyAsync(() => direct.GetAsync("/restart/b", cancellationToken: test).Result is not null, TimeSpan.FromSeconds(10));
    }

    private static async Task EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < within, $"not within {within.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
