using Flotilla.Registry.Election;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Conformance;

public abstract partial class RegistryConformanceTests
{
    private LeaderElection Election => new(Registry, Prefix + "leader/");

    private Task<LeaseGrant> LeaseAsync(int seconds = 30) => Registry.GrantLeaseAsync(TimeSpan.FromSeconds(seconds), Timeout());

    [Fact]
    public async Task A_lone_candidate_leads_at_once_and_is_observed()
    {
        Leadership leadership = await Election.CampaignAsync(await LeaseAsync(), "engine-a", Timeout());

        LeaderInfo? leader = await Election.GetLeaderAsync(Timeout());

        Assert.Equal("engine-a", leader?.Value);
        Assert.Equal(leadership.Key, leader?.Key);
        Assert.Equal(leadership.CreateRevision, leader?.CreateRevision);
    }

    [Fact]
    public async Task A_second_candidate_waits_until_the_leader_resigns()
    {
        Leadership first = await Election.CampaignAsync(await LeaseAsync(), "a", Timeout());
        Task<Leadership> second = Election.CampaignAsync(await LeaseAsync(), "b", Timeout());

        await Task.Delay(300);
        Assert.False(second.IsCompleted, "b must wait while a leads");
        await Election.ResignAsync(first, Timeout());
        Leadership next = await second.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("b", next.Value);
        Assert.Equal("b", (await Election.GetLeaderAsync(Timeout()))?.Value);
    }

    [Fact]
    public async Task A_deposed_leaders_guarded_write_fails_and_the_successors_succeeds()
    {
        LeaseGrant firstLease = await LeaseAsync();
        Leadership first = await Election.CampaignAsync(firstLease, "a", Timeout());
        Task<Leadership> second = Election.CampaignAsync(await LeaseAsync(), "b", Timeout());

        await Registry.RevokeLeaseAsync(firstLease.Id, Timeout()); // the leader "dies"
        Leadership successor = await second.WaitAsync(TimeSpan.FromSeconds(30));

        TransactionResult stale = await Registry.TransactAsync(new TransactionRequest([first.Guard], [RegistryOperation.Put(Prefix + "plan", Text("from a"))]), Timeout());
        TransactionResult fresh = await Registry.TransactAsync(new TransactionRequest([successor.Guard], [RegistryOperation.Put(Prefix + "plan", Text("from b"))]), Timeout());
        Assert.False(stale.Succeeded);
        Assert.True(fresh.Succeeded);
        Assert.Equal("from b", (await GetAsync("plan"))?.ValueText);
    }

    [Fact]
    public async Task Candidates_lead_in_the_order_they_joined()
    {
        Leadership a = await Election.CampaignAsync(await LeaseAsync(), "a", Timeout());
        Task<Leadership> b = Election.CampaignAsync(await LeaseAsync(), "b", Timeout());
        await Task.Delay(100);
        Task<Leadership> c = Election.CampaignAsync(await LeaseAsync(), "c", Timeout());
        await Task.Delay(200);

        await Election.ResignAsync(a, Timeout());
        Leadership bLeads = await b.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(c.IsCompleted, "c queues behind b");
        await Election.ResignAsync(bLeads, Timeout());

        Assert.Equal("c", (await c.WaitAsync(TimeSpan.FromSeconds(30))).Value);
    }

    [Fact]
    public async Task An_observer_sees_each_change_of_leader()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string?>();
        var sawB = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        Task observing = Task.Run(async () =>
        {
            await foreach (LeaderInfo? leader in Election.ObserveAsync(stop.Token))
            {
                lock (seen)
                {
                    seen.Add(leader?.Value);
                }

                started.TrySetResult();

                if (leader?.Value == "b")
                {
                    sawB.TrySetResult();
                }
            }
        });

        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Leadership a = await Election.CampaignAsync(await LeaseAsync(), "a", Timeout());
        Task<Leadership> b = Election.CampaignAsync(await LeaseAsync(), "b", Timeout());
        await Task.Delay(300);
        await Election.ResignAsync(a, Timeout());
        await b;
        await sawB.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Record.ExceptionAsync(() => observing);

        lock (seen)
        {
            // First nobody, then a, then b: each change once, none repeated.
            Assert.Equal([null, "a", "b"], seen);
        }
    }

    [Fact]
    public async Task Cancelling_a_campaign_withdraws_the_candidate()
    {
        Leadership a = await Election.CampaignAsync(await LeaseAsync(), "a", Timeout());
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        LeaseGrant lease = await LeaseAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Election.CampaignAsync(lease, "b", giveUp.Token));
        await Election.ResignAsync(a, Timeout());

        Assert.Null(await Election.GetLeaderAsync(Timeout()));
    }
}
