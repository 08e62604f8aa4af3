using Flotilla.Registry.Errors;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Conformance;

public abstract partial class RegistryConformanceTests
{
    [Fact]
    public async Task A_granted_lease_reports_its_ttl_and_attached_keys()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(30), Timeout());
        await PutAsync("leased/b", "2", lease.Id);
        await PutAsync("leased/a", "1", lease.Id);

        LeaseStatus? status = await Registry.GetLeaseAsync(lease.Id, Timeout());

        Assert.NotEqual(0, lease.Id);
        Assert.Equal(TimeSpan.FromSeconds(30), lease.Ttl);
        Assert.NotNull(status);
        Assert.Equal(TimeSpan.FromSeconds(30), status.GrantedTtl);
        Assert.InRange(status.RemainingTtl, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.Equal([Prefix + "leased/a", Prefix + "leased/b"], status.Keys);
        Assert.Equal(lease.Id, (await GetAsync("leased/a"))!.LeaseId);
    }

    [Fact]
    public async Task Fractional_ttls_round_up_to_whole_seconds()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(10.2), Timeout());

        Assert.Equal(TimeSpan.FromSeconds(11), lease.Ttl);
    }

    [Fact]
    public async Task Revoking_a_lease_deletes_its_keys_in_one_revision_and_forgets_it()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(30), Timeout());
        await PutAsync("leased/a", "1", lease.Id);
        await PutAsync("leased/b", "2", lease.Id);
        await PutAsync("kept", "3");

        await Registry.RevokeLeaseAsync(lease.Id, Timeout());

        Assert.Null(await GetAsync("leased/a"));
        Assert.Null(await GetAsync("leased/b"));
        Assert.NotNull(await GetAsync("kept"));
        Assert.Null(await Registry.GetLeaseAsync(lease.Id, Timeout()));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => Registry.KeepAliveAsync(lease.Id, Timeout()));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => Registry.RevokeLeaseAsync(lease.Id, Timeout()));
    }

    [Fact]
    public async Task Writing_with_an_unknown_lease_is_rejected_and_stores_nothing()
    {
        long before = await PutAsync("marker", "m");

        var error = await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => Registry.PutAsync(Prefix + "bad/a", Text("x"), 0x7a7a7a7a, Timeout()));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => Registry.TransactAsync(
            new TransactionRequest([], [RegistryOperation.Put(Prefix + "bad/b", Text("x"), 0x7a7a7a7a), RegistryOperation.Put(Prefix + "bad/c", Text("y"))]), Timeout()));

        Assert.Contains("lease", error.Message);
        await AssertNothingChangedAsync(before);
    }

    [Fact]
    public async Task Overwriting_a_leased_key_without_a_lease_detaches_it()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(30), Timeout());
        await PutAsync("k", "leased", lease.Id);
        await PutAsync("k", "free");

        await Registry.RevokeLeaseAsync(lease.Id, Timeout());

        Assert.Equal("free", (await GetAsync("k"))?.ValueText);
        Assert.Equal(0, (await GetAsync("k"))!.LeaseId);
    }

    [Fact]
    public async Task An_expired_lease_takes_its_keys_with_it()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(2), Timeout());
        await PutAsync("ephemeral", "x", lease.Id);

        await EventuallyAsync(async () => await GetAsync("ephemeral") is null, TimeSpan.FromSeconds(10), "the leased key vanishes after its TTL");

        Assert.Null(await Registry.GetLeaseAsync(lease.Id, Timeout()));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => Registry.KeepAliveAsync(lease.Id, Timeout()));
        await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => Registry.PutAsync(Prefix + "late", Text("x"), lease.Id, Timeout()));
    }

    [Fact]
    public async Task Keep_alives_hold_a_lease_past_its_ttl()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(2), Timeout());
        await PutAsync("held", "x", lease.Id);

        DateTime until = DateTime.UtcNow.AddSeconds(4);
        while (DateTime.UtcNow < until)
        {
            TimeSpan ttl = await Registry.KeepAliveAsync(lease.Id, Timeout());
            Assert.Equal(TimeSpan.FromSeconds(2), ttl);
            await Task.Delay(400);
        }

        Assert.NotNull(await GetAsync("held"));
    }

    [Fact]
    public async Task A_supervised_keeper_holds_a_lease_until_stopped()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(2), Timeout());
        await PutAsync("kept", "x", lease.Id);

        await using (var keeper = LeaseKeeper.Start(Registry, lease, TimeProvider.System))
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.NotNull(await GetAsync("kept"));
            Assert.False(keeper.Lost.IsCancellationRequested);
        }

        await EventuallyAsync(async () => await GetAsync("kept") is null, TimeSpan.FromSeconds(10), "the key vanishes once nobody keeps the lease");
    }

    [Fact]
    public async Task A_keeper_reports_a_lease_revoked_behind_its_back()
    {
        LeaseGrant lease = await Registry.GrantLeaseAsync(TimeSpan.FromSeconds(3), Timeout());
        await using var keeper = LeaseKeeper.Start(Registry, lease, TimeProvider.System);

        await Registry.RevokeLeaseAsync(lease.Id, Timeout());

        await EventuallyAsync(() => Task.FromResult(keeper.Lost.IsCancellationRequested), TimeSpan.FromSeconds(10), "the keeper notices the lease is gone");
    }
}
