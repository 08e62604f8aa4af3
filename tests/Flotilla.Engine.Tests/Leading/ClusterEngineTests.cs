using Flotilla.Engine.Leading;
using Flotilla.Registry;
using Flotilla.Registry.Election;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Transactions;
using Flotilla.Testing;
using Microsoft.Extensions.Time.Testing;
using static Flotilla.Engine.Tests.Leading.Records;

namespace Flotilla.Engine.Tests.Leading;

/// <summary>
/// The engine role in-process against the real embedded store: campaigning, placing through the
/// registry, reasons, machine loss, hand-over and a deposed leader's write. Multi-process failover
/// against etcd is in the CLI tests (it needs the real binary to kill).
/// </summary>
public sealed class ClusterEngineTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<(CancellationTokenSource Stop, Task Running)> _engines = [];
    private EmbeddedRegistry _store = null!;
    private ClusterRegistry _cluster = null!;
    private AssignmentLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _store = EmbeddedRegistry.Open(_directory.Database);
        _cluster = new ClusterRegistry(_store);
        _ledger = await AssignmentLedger.StartAsync(_store, Layout);
    }

    public async Task DisposeAsync()
    {
        foreach (var (stop, running) in _engines)
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }

        await _ledger.DisposeAsync();
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Submitted_units_are_placed_once_each_on_the_least_loaded_machines_with_their_hash()
    {
        await RegisterMachineAsync("m1");
        await RegisterMachineAsync("m2");
        await RegisterMachineAsync("m3");
        Start(_store);

        for (var i = 0; i < 30; i++)
        {
            await _cluster.PutUnitAsync(UnitRecord($"app{i:D2}.service"), default);
        }

        await _ledger.WaitUntilAsync(a => a.Count == 30, Patience, "30 placements");
        Assert.Equal([10, 10, 10], _ledger.Assignments().Values.GroupBy(m => m).Select(g => g.Count()));
        var stored = await _cluster.ListAssignmentsAsync(default);
        Assert.All(stored.Entries, e => Assert.Equal(UnitRecord(e.Record.Unit).Hash, e.Record.Hash));
        Assert.Empty(_ledger.Violations);
    }

    [Fact]
    public async Task An_unplaceable_unit_gets_a_reason_that_is_removed_once_a_machine_fits()
    {
        await RegisterMachineAsync("m1", "region=us");
        Start(_store);
        await _cluster.PutUnitAsync(UnitRecord("eu.service", "MachineMetadata=region=eu"), default);

        PlacementReasonRecord reason = await EventuallyAsync(async () => (await _cluster.ListReasonsAsync(default)).Entries.SingleOrDefault()?.Record);
        Assert.Equal("eu.service", reason.Unit);
        Assert.Equal("no machine has metadata region=eu", reason.Reason);

        await RegisterMachineAsync("m2", "region=eu");
        await _ledger.WaitUntilAsync(a => a.GetValueOrDefault("eu.service") == "m2", Patience, "eu.service on m2");
        await EventuallyAsync(async () => (await _cluster.ListReasonsAsync(default)).Entries.Count == 0 ? "gone" : null);
    }

    [Fact]
    public async Task Units_of_a_dead_machine_move_only_after_the_grace()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        TimeSpan grace = TimeSpan.FromSeconds(30);
        long doomed = await RegisterMachineAsync("m1");
        await RegisterMachineAsync("m2");
        Start(_store, new EngineOptions { Time = clock, MachineGrace = grace, LeaseTtl = TimeSpan.FromMinutes(1) });
        await _cluster.PutUnitAsync(UnitRecord("a.service", "MachineID=m1"), default);
        await _cluster.PutUnitAsync(UnitRecord("b.service"), default);
        await _ledger.WaitUntilAsync(a => a.Count == 2 && a["a.service"] == "m1" && a["b.service"] == "m2", Patience, "a on m1, b on m2");
        await _cluster.PutUnitAsync(UnitRecord("c.service"), default);
        await _ledger.WaitUntilAsync(a => a.GetValueOrDefault("c.service") == "m1", Patience, "c on m1");

        DateTimeOffset died = clock.GetUtcNow();
        await _store.RevokeLeaseAsync(doomed);

        // The engine's clock only moves when the test moves it: the units must stay until it passes the grace.
        using var deadline = new CancellationTokenSource(Patience);
        while (_ledger.Assignments().GetValueOrDefault("c.service") != "m2")
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, deadline.Token);
        }

        Assert.True(clock.GetUtcNow() - died >= grace, $"moved after {(clock.GetUtcNow() - died).TotalSeconds} s of a {grace.TotalSeconds} s grace");
        var assignments = _ledger.Assignments();
        Assert.False(assignments.ContainsKey("a.service"), "a.service requires m1 and must not run elsewhere");
        Assert.Equal("m2", assignments["b.service"]);
        PlacementReasonRecord reason = await EventuallyAsync(async () => (await _cluster.ListReasonsAsync(default)).Entries.SingleOrDefault()?.Record);
        Assert.Equal("machine m1 is not in the cluster", reason.Reason);
        Assert.Empty(_ledger.Violations);
    }

    [Fact]
    public async Task A_stopped_leader_resigns_so_the_next_engine_leads_at_once()
    {
        await RegisterMachineAsync("m1");
        TimeSpan longLease = TimeSpan.FromMinutes(2);
        var (first, firstStop) = Start(_store, new EngineOptions { LeaseTtl = longLease, CandidateName = "first" });
        await EventuallyAsync(() => Task.FromResult(first.IsLeading ? "leading" : null));
        var (second, _) = Start(_store, new EngineOptions { LeaseTtl = longLease, CandidateName = "second" });

        await firstStop.CancelAsync();

        // Without the resignation the second engine would wait out the first one's two-minute lease.
        await EventuallyAsync(() => Task.FromResult(second.IsLeading ? "leading" : null));
        await _cluster.PutUnitAsync(UnitRecord("late.service"), default);
        await _ledger.WaitUntilAsync(a => a.ContainsKey("late.service"), Patience, "late.service placed by the second engine");
        LeaderInfo? leader = await new LeaderElection(_store, Layout.LeaderPrefix).GetLeaderAsync(default);
        Assert.Equal("second", leader?.Value);
    }

    [Fact]
    public async Task A_leader_deposed_while_committing_writes_nothing()
    {
        long m1 = await RegisterMachineAsync("m1");
        await RegisterMachineAsync("m2");
        var stale = new HookedRegistry(_store);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stale.BeforeTransaction = async request =>
        {
            if (request.Success.Any(o => o.Key.StartsWith(Layout.AssignmentsPrefix, StringComparison.Ordinal)) && holding.TrySetResult())
            {
                await release.Task;
            }
        };
        var (first, _) = Start(stale, new EngineOptions { CandidateName = "stale" });
        await EventuallyAsync(() => Task.FromResult(first.IsLeading ? "leading" : null));

        // All four units at once, so the held plan spreads them over m1 and m2.
        await _store.TransactAsync(new TransactionRequest(
            [],
            [.. Enumerable.Range(0, 4).Select(i => _cluster.PutUnitOperation(UnitRecord($"u{i}.service")))]));
        await holding.Task.WaitAsync(Patience);

        // While its commit is in flight the leader loses its lease, m1 dies and a new leader places everything on m2.
        LeaderInfo leader = (await new LeaderElection(_store, Layout.LeaderPrefix).GetLeaderAsync(default))!;
        await _store.RevokeLeaseAsync(leader.LeaseId);
        await _store.RevokeLeaseAsync(m1);
        Start(_store, new EngineOptions { CandidateName = "fresh" });
        await _ledger.WaitUntilAsync(a => a.Count == 4, Patience, "4 placements by the new leader");

        release.SetResult();
        var (request, result) = (await EventuallyAsync(() => Task.FromResult(
            stale.Completed.FirstOrDefault(c => c.Request.Success.Any(o => o.Key.StartsWith(Layout.AssignmentsPrefix, StringComparison.Ordinal))) is { Request: not null } held
                ? new[] { held }
                : null)))[0];
        Assert.False(result.Succeeded);
        Assert.Contains(request.Success, o => o.Key.StartsWith(Layout.MachineAssignmentsPrefix("m1"), StringComparison.Ordinal));
        Assert.All(_ledger.Assignments().Values, machine => Assert.Equal("m2", machine));
        Assert.Empty(_ledger.Violations);
    }

    private (ClusterEngine Engine, CancellationTokenSource Stop) Start(IRegistry registry, EngineOptions? options = null)
    {
        var engine = new ClusterEngine(registry, options ?? new EngineOptions { CandidateName = $"engine{_engines.Count}" });
        var stop = new CancellationTokenSource();
        _engines.Add((stop, engine.RunAsync(stop.Token)));
        return (engine, stop);
    }

    private async Task<long> RegisterMachineAsync(string id, params string[] metadata)
    {
        LeaseGrant lease = await _store.GrantLeaseAsync(TimeSpan.FromMinutes(5));
        await _cluster.RegisterMachineAsync(
            RegistryRecordCodec.Decode<MachineRecord>(Machine(id, metadata)),
            lease.Id,
            default);
        return lease.Id;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
