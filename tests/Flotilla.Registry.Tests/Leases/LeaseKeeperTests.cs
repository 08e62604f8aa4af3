using Flotilla.Registry.Embedded;
using Flotilla.Registry.Leases;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Registry.Tests.Leases;

public sealed class LeaseKeeperTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private EmbeddedRegistry _store = null!;

    public Task InitializeAsync()
    {
        _store = EmbeddedRegistry.Open(_directory.Database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    // xunit 2 calls this after DisposeAsync: the directory goes once the store has closed its file.
    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Expiry_counts_from_when_the_renewal_was_sent_not_when_its_answer_came()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var registry = new HookedRegistry(_store);
        LeaseGrant lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(60));
        DateTimeOffset grantSentAt = time.GetUtcNow();
        var sent = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.BeforeKeepAlive = _ =>
        {
            // The answer takes 5 s to arrive: the store's expiry counts from before that.
            sent.TrySetResult(time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(5));
            return Task.CompletedTask;
        };

        await using LeaseKeeper keeper = LeaseKeeper.Start(registry, lease, time, grantSentAt);
        Assert.Equal(grantSentAt + lease.Ttl, keeper.ExpiresAt);

        while (!sent.Task.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        DateTimeOffset sentAt = await sent.Task;
        DateTime giveUp = DateTime.UtcNow.AddSeconds(15);
        while (keeper.ExpiresAt == grantSentAt + lease.Ttl)
        {
            Assert.True(DateTime.UtcNow < giveUp, "the renewal never completed");
            await Task.Delay(10);
        }

        Assert.True(keeper.ExpiresAt <= sentAt + lease.Ttl, $"expiry {keeper.ExpiresAt:O} is later than send time {sentAt:O} + TTL");
        Assert.True(keeper.ExpiresAt > grantSentAt + lease.Ttl);
    }
}
