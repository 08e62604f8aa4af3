using System.Diagnostics;
using Flotilla.Registry.Election;
using Flotilla.Registry.Etcd;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Leases;
using Flotilla.Testing;
using Flotilla.Testing.Etcd;
using Flotilla.Units.Syntax;
using Xunit.Abstractions;

namespace Flotilla.Cli.Tests.Engine;

/// <summary>
/// Several real <c>flotilla engine</c> processes against a real etcd: the leader is killed with SIGKILL
/// in the middle of placing thousands of units, and a successor must finish the job without ever
/// assigning a unit to two machines.
/// </summary>
public sealed class EngineFailoverTests(SingleMemberEtcd etcd, ITestOutputHelper output) : IClassFixture<SingleMemberEtcd>, IAsyncLifetime
{
    private const int Machines = 40;
    private const int Units = 4_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly RegistryLayout _layout = new($"/failover-{Guid.NewGuid():N}/");
    private readonly List<EngineProcess> _engines = [];
    private EtcdRegistry _registry = null!;

    public Task InitializeAsync()
    {
        _registry = etcd.Connect();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (EngineProcess engine in _engines)
        {
            engine.Dispose();
        }

        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_leader_mid_reconcile_leaves_the_successor_to_finish_without_assigning_any_unit_twice()
    {
        var cluster = new ClusterRegistry(_registry, _layout);
        LeaseGrant machinesLease = await _registry.GrantLeaseAsync(TimeSpan.FromMinutes(5));
        for (var m = 0; m < Machines; m++)
        {
            await cluster.RegisterMachineAsync(new MachineRecord($"machine{m:D2}", "127.0.0.1", new Dictionary<string, string>(), "test", DateTimeOffset.UtcNow), machinesLease.Id, default);
        }

        await using AssignmentLedger ledger = await AssignmentLedger.StartAsync(_registry, _layout);
        var election = new LeaderElection(_registry, _layout.LeaderPrefix);
        for (var e = 0; e < 3; e++)
        {
            _engines.Add(EngineProcess.Start($"engine{e}", "--etcd-endpoints", string.Join(',', etcd.Endpoints), "--prefix", _layout.Prefix, "--lease-ttl", "3s"));
        }

        LeaderInfo first = await WaitForLeaderAsync(election, except: null);

        // Submitted in transactions of 100 units while the leader places them.
        Task submitting = SubmitAsync(cluster);
        await ledger.WaitUntilAsync(a => a.Count > 0, Patience, "the first placements");
        EngineProcess killed = _engines.Single(e => e.Name == first.Value);
        killed.Kill();
        var stopwatch = Stopwatch.StartNew();
        int placedBeforeKill = ledger.Assignments().Count;
        await submitting;

        LeaderInfo successor = await WaitForLeaderAsync(election, except: first.Value);
        TimeSpan takeover = stopwatch.Elapsed;
        try
        {
            await ledger.WaitUntilAsync(a => a.Count == Units, Patience, $"all {Units} units placed");
        }
        catch (TimeoutException)
        {
            output.WriteLine(string.Join("\n---\n", _engines.Select(e => $"{e.Name}:\n{e.Log}")));
            throw;
        }

        output.WriteLine($"{placedBeforeKill} placed before the kill; {successor.Value} led {takeover.TotalSeconds:F1} s after it; all placed {stopwatch.Elapsed.TotalSeconds:F1} s after it");
        Assert.InRange(placedBeforeKill, 1, Units - 1);
        Assert.NotEqual(first.Value, successor.Value);

        // The successor leads once the dead leader's 3 s lease expires; the margin is for a loaded machine,
        // not for a design that waits on anything else (a safety pass, a retry back-off).
        Assert.True(takeover < TimeSpan.FromSeconds(3 + 5), $"the successor led only {takeover.TotalSeconds:F1} s after the kill");
        Assert.Empty(ledger.Violations);

        // The successor carried on from the registry's state, so the cluster is as balanced as one leader would leave it.
        var perMachine = ledger.Assignments().Values.GroupBy(m => m).Select(g => g.Count()).ToList();
        Assert.Equal(Machines, perMachine.Count);
        Assert.All(perMachine, count => Assert.Equal(Units / Machines, count));
        Assert.Contains("Leading as " + successor.Value, _engines.Single(e => e.Name == successor.Value).Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leader_stopped_with_SIGTERM_resigns_and_exits_cleanly()
    {
        var election = new LeaderElection(_registry, _layout.LeaderPrefix);
        EngineProcess engine = EngineProcess.Start("only", "--etcd-endpoints", string.Join(',', etcd.Endpoints), "--prefix", _layout.Prefix, "--lease-ttl", "60s");
        _engines.Add(engine);
        await WaitForLeaderAsync(election, except: null);

        int exitCode = engine.Terminate(TimeSpan.FromSeconds(20));

        Assert.Equal(0, exitCode);
        Assert.Null(await election.GetLeaderAsync(default));
        Assert.Contains("Resigned", engine.Log, StringComparison.Ordinal);
    }

    private async Task SubmitAsync(ClusterRegistry cluster)
    {
        const int perTransaction = 100;
        for (var start = 0; start < Units; start += perTransaction)
        {
            var operations = Enumerable.Range(start, perTransaction)
                .Select(i => cluster.PutUnitOperation(Unit($"app{i:D5}.service")))
                .ToList();
            await RegistryBatches.CommitAsync(_registry, [], operations, default);
        }
    }

    private static UnitRecord Unit(string name)
    {
        UnitFile file = UnitFileParser.Parse(name, "[Service]\nExecStart=/bin/sleep infinity\n");
        return new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched);
    }

    private async Task<LeaderInfo> WaitForLeaderAsync(LeaderElection election, string? except)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            if (await election.GetLeaderAsync(deadline.Token) is { } leader && leader.Value != except)
            {
                return leader;
            }

            if (_engines.All(e => e.HasExited))
            {
                throw new InvalidOperationException("every engine exited:\n" + string.Join("\n---\n", _engines.Select(e => $"{e.Name}:\n{e.Log}")));
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
