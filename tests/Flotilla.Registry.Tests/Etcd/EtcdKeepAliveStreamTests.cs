using Flotilla.Registry.Errors;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Leases;

namespace Flotilla.Registry.Tests.Etcd;

/// <summary>
/// Lease renewals share one keep-alive stream per member: many leases at once, a revoked one among
/// them, cancelled callers, and the member under the stream dying.
/// </summary>
public sealed class EtcdKeepAliveStreamTests : IClassFixture<SingleMemberEtcd>
{
    private readonly SingleMemberEtcd _etcd;

    public EtcdKeepAliveStreamTests(SingleMemberEtcd etcd)
    {
        _etcd = etcd;
    }

    private static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static async Task<LeaseGrant[]> GrantAsync(IRegistry registry, int count, int ttlSeconds, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => registry.GrantLeaseAsync(TimeSpan.FromSeconds(ttlSeconds), cancellationToken)));

    [Fact]
    public async Task Many_concurrent_renewals_of_different_leases_over_one_client_all_report_their_ttl()
    {
        await using EtcdRegistry registry = _etcd.Connect();
        CancellationToken test = Within(30);
        LeaseGrant[] shortLived = await GrantAsync(registry, 100, 20, test);
        LeaseGrant[] longLived = await GrantAsync(registry, 100, 60, test);

        // Each lease renewed three times concurrently, interleaved, so answers for different IDs cross.
        var renewals = shortLived.Concat(longLived).SelectMany(l => Enumerable.Repeat(l, 3)).Select(async lease => (lease, ttl: await registry.KeepAliveAsync(lease.Id, test)));
        (LeaseGrant lease, TimeSpan ttl)[] answers = await Task.WhenAll(renewals);

        Assert.Equal(600, answers.Length);
        Assert.All(answers, a => Assert.Equal(a.lease.Ttl, a.ttl));
    }

    [Fact]
    public async Task A_revoked_lease_reports_not_found_while_other_leases_on_the_same_stream_keep_renewing()
    {
        await using EtcdRegistry registry = _etcd.Connect();
        CancellationToken test = Within(30);
        LeaseGrant[] leases = await GrantAsync(registry, 10, 30, test);
        await Task.WhenAll(leases.Select(l => registry.KeepAliveAsync(l.Id, test)));
        LeaseGrant revoked = leases[3];
        await registry.RevokeLeaseAsync(revoked.Id, test);

        for (int round = 0; round < 5; round++)
        {
            Task<TimeSpan>[] renewals = [.. leases.Select(l => registry.KeepAliveAsync(l.Id, test))];
            var error = await Assert.ThrowsAsync<RegistryLeaseNotFoundException>(() => renewals[3]);
            Assert.Equal(revoked.Id, error.LeaseId);
            foreach (Task<TimeSpan> renewal in renewals.Where((_, i) => i != 3))
            {
                Assert.Equal(TimeSpan.FromSeconds(30), await renewal);
            }
        }
    }

    [Fact]
    public async Task A_cancelled_renewal_does_not_disturb_the_others_on_the_stream()
    {
        await using EtcdRegistry registry = _etcd.Connect();
        CancellationToken test = Within(30);
        LeaseGrant[] leases = await GrantAsync(registry, 20, 30, test);
        using var cancelled = new CancellationTokenSource();
        var kept = new List<Task<TimeSpan>>();
        var givenUp = new List<Task<TimeSpan>>();

        for (int i = 0; i < 200; i++)
        {
            LeaseGrant lease = leases[i % leases.Length];
            (i % 2 == 0 ? kept : givenUp).Add(registry.KeepAliveAsync(lease.Id, i % 2 == 0 ? test : cancelled.Token));
            if (i == 100)
            {
                await cancelled.CancelAsync();
            }
        }

        Assert.All(await Task.WhenAll(kept), ttl => Assert.Equal(TimeSpan.FromSeconds(30), ttl));
        foreach (Task<TimeSpan> renewal in givenUp)
        {
            // Those sent before the cancellation may have been answered already; none may fail otherwise.
            try
            {
                Assert.Equal(TimeSpan.FromSeconds(30), await renewal);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.True(givenUp.Any(t => t.IsCanceled), "the cancellation reached at least one renewal");
        Assert.Equal(TimeSpan.FromSeconds(30), await registry.KeepAliveAsync(leases[0].Id, test));
    }

    [Fact]
    public async Task Renewals_continue_on_another_member_after_the_member_serving_the_stream_is_killed()
    {
        await using EtcdCluster cluster = await EtcdCluster.StartAsync(3);
        await using EtcdRegistry registry = cluster.Connect(TimeSpan.FromSeconds(3));
        CancellationToken test = Within(60);
        LeaseGrant[] leases = await GrantAsync(registry, 20, 30, test);
        await Task.WhenAll(leases.Select(l => registry.KeepAliveAsync(l.Id, test)));
        string serving = registry.ActiveEndpoint;

        // Renewals in flight while the member dies: each either succeeds or fails as the unary path would.
        Task<TimeSpan>[] during = [.. leases.Select(l => registry.KeepAliveAsync(l.Id, test))];
        cluster.MemberAt(serving).Kill();
        foreach (Task<TimeSpan> renewal in during)
        {
            try
            {
                await renewal;
            }
            catch (Exception error) when (error is RegistryUnavailableException or RegistryTimeoutException)
            {
            }
        }

        TimeSpan[] after = await RenewUntilAnsweredAsync(registry, leases, test);

        Assert.NotEqual(serving, registry.ActiveEndpoint);
        Assert.All(after, ttl => Assert.Equal(TimeSpan.FromSeconds(30), ttl));
    }

    [Fact]
    public async Task Renewals_that_time_out_on_a_hung_member_recover_once_it_answers_again()
    {
        await using EtcdCluster cluster = await EtcdCluster.StartAsync(1);
        await using EtcdRegistry registry = cluster.Connect(TimeSpan.FromSeconds(1));
        CancellationToken test = Within(60);
        LeaseGrant[] leases = await GrantAsync(registry, 3, 30, test);
        await Task.WhenAll(leases.Select(l => registry.KeepAliveAsync(l.Id, test)));
        EtcdMember member = cluster.Members[0];

        member.Freeze();
        try
        {
            await Assert.ThrowsAsync<RegistryTimeoutException>(() => registry.KeepAliveAsync(leases[0].Id, test));
        }
        finally
        {
            member.Thaw();
        }

        // The late answer to the timed-out renewal finds no waiter; every lease renews normally again.
        TimeSpan[] after = await RenewUntilAnsweredAsync(registry, leases, test);
        Assert.All(after, ttl => Assert.Equal(TimeSpan.FromSeconds(30), ttl));
        Assert.Equal(TimeSpan.FromSeconds(30), await registry.KeepAliveAsync(leases[0].Id, test));
    }

    private static async Task<TimeSpan[]> RenewUntilAnsweredAsync(EtcdRegistry registry, LeaseGrant[] leases, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await Task.WhenAll(leases.Select(l => registry.KeepAliveAsync(l.Id, cancellationToken)));
            }
            catch (Exception error) when (error is RegistryUnavailableException or RegistryTimeoutException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
