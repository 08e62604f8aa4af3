using System.Text;
using Flotilla.Agent.Presence;
using Flotilla.Agent.Running;
using Flotilla.Engine.Leading;
using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Runner;
using Flotilla.Testing;
using Flotilla.Units.Syntax;

namespace Flotilla.Agent.Tests.Running;

/// <summary>
/// The agent in-process against the real embedded store with an in-memory runner: presence, following
/// assignments and globals, states, self-fencing and re-registration, shutdown. Real processes and the
/// watchdog are covered by the CLI end-to-end tests and <see cref="Presence.WatchdogTests"/>.
/// </summary>
public sealed class MachineAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly RegistryLayout Layout = RegistryLayout.Default;

    private readonly TemporaryDirectory _directory = new();
    private readonly FakeUnitManager _runner = new();
    private readonly CapturingLogger _log = new();
    private EmbeddedRegistry _store = null!;
    private HookedRegistry _registry = null!;
    private ClusterRegistry _cluster = null!;
    private CancellationTokenSource? _stop;
    private Task? _running;
    private MachineAgent _agent = null!;

    public Task InitializeAsync()
    {
        _store = EmbeddedRegistry.Open(_directory.Database);
        _registry = new HookedRegistry(_store);
        _cluster = new ClusterRegistry(_store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await StopAgentAsync();
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private string DeadlinePath => Path.Combine(_directory.Path, "deadline");

    [Fact]
    public async Task Registers_the_machine_under_a_lease_with_the_agent_ttl_and_releases_it_on_shutdown()
    {
        Start(o => o with { AgentTtl = TimeSpan.FromSeconds(3), PublicIp = "10.0.0.5", Metadata = new Dictionary<string, string> { ["role"] = "web" } });

        RegistryEntry<MachineRecord> machine = await EventuallyAsync(async () => (await _cluster.ListMachinesAsync(default)).Entries.SingleOrDefault(), "the machine registered");
        Assert.Equal("m1", machine.Record.Id);
        Assert.Equal("10.0.0.5", machine.Record.PublicIp);
        Assert.Equal("web", machine.Record.Metadata["role"]);
        Assert.Equal(_agent.LeaseId, machine.LeaseId);
        Assert.Equal(TimeSpan.FromSeconds(3), (await _store.GetLeaseAsync(machine.LeaseId))!.GrantedTtl);

        await StopAgentAsync();
        Assert.Empty((await _cluster.ListMachinesAsync(default)).Entries);
        Assert.Null(await _store.GetLeaseAsync(machine.LeaseId));
    }

    [Fact]
    public async Task Runs_its_assignments_in_their_desired_state_and_publishes_each_state_under_its_lease()
    {
        await SubmitAsync("a.service", UnitDesiredState.Launched, assignTo: "m1");
        await SubmitAsync("other.service", UnitDesiredState.Launched, assignTo: "m2");
        Start();

        await EventuallyAsync(() => _runner.Find("a.service")?.ActiveState == UnitActiveState.Active, "a.service running");
        UnitStateRecord state = await StateAsync("a.service", s => s.ActiveState == "active");
        Assert.Equal(("loaded", "active", "running", "m1"), (state.LoadState, state.ActiveState, state.SubState, state.Machine));
        Assert.Equal((await _cluster.GetUnitAsync("a.service", default))!.Record.Hash, state.Hash);
        Assert.Equal(_agent.LeaseId, (await _cluster.ListUnitStatesAsync("a.service", default)).Entries.Single().LeaseId);
        Assert.Null(_runner.Find("other.service"));

        await SetDesiredStateAsync("a.service", UnitDesiredState.Loaded, assignedTo: "m1");
        await EventuallyAsync(() => _runner.Find("a.service")?.ActiveState == UnitActiveState.Inactive, "a.service stopped");
        await StateAsync("a.service", s => s.ActiveState == "inactive" && s.SubState == "dead");

        await _store.DeleteAsync(Layout.AssignmentKey("m1", "a.service"));
        await EventuallyAsync(() => _runner.Find("a.service") is null, "a.service unloaded");
        await EventuallyAsync(async () => (await _cluster.ListUnitStatesAsync(default)).Entries.Count == 0 ? true : (bool?)null, "its state removed");
    }

    [Fact]
    public async Task A_replaced_unit_is_stopped_loaded_with_its_new_text_and_started_again()
    {
        await SubmitAsync("a.service", UnitDesiredState.Launched, assignTo: "m1");
        Start();
        await EventuallyAsync(() => _runner.Find("a.service")?.ActiveState == UnitActiveState.Active, "a.service running");
        int before = _runner.Calls.Count;

        UnitRecord replaced = await SubmitAsync("a.service", UnitDesiredState.Launched, assignTo: "m1", execStart: "/bin/sleep 200");
        await StateAsync("a.service", s => s.Hash == replaced.Hash && s.ActiveState == "active");
        Assert.Equal(["stop a.service", "load a.service", "start a.service"], _runner.Calls.Skip(before).ToArray());
    }

    [Fact]
    public async Task Global_units_run_where_the_metadata_matches_without_any_assignment()
    {
        await SubmitAsync("web-global.service", UnitDesiredState.Launched, fleet: "Global=true\nMachineMetadata=role=web");
        await SubmitAsync("db-global.service", UnitDesiredState.Launched, fleet: "Global=true\nMachineMetadata=role=db");
        Start(o => o with { Metadata = new Dictionary<string, string> { ["role"] = "web" } });

        await StateAsync("web-global.service", s => s.ActiveState == "active");
        Assert.Null(_runner.Find("db-global.service"));
    }

    [Fact]
    public async Task The_hosted_engine_places_a_unit_and_the_agent_runs_it()
    {
        await SubmitAsync("placed.service", UnitDesiredState.Launched);
        Start(o => o with { Engine = new EngineOptions { CandidateName = "m1" } });

        await StateAsync("placed.service", s => s.ActiveState == "active");
        Assert.Single((await _cluster.ListAssignmentsAsync("m1", default)).Entries);
    }

    [Fact]
    public async Task With_the_hosted_engine_stop_start_and_destroy_of_a_placed_unit_and_a_global_unit_reach_the_agent()
    {
        await SubmitAsync("placed.service", UnitDesiredState.Launched);
        await SubmitAsync("everywhere.service", UnitDesiredState.Launched, fleet: "Global=true");
        Start(o => o with { Engine = new EngineOptions { CandidateName = "m1" } });
        await StateAsync("placed.service", s => s.ActiveState == "active");
        await StateAsync("everywhere.service", s => s.ActiveState == "active");

        // fleetctl stop and start change only units/<name>; the engine carries them to the assignment.
        await _cluster.SetDesiredStateAsync("placed.service", UnitDesiredState.Loaded, default);
        await StateAsync("placed.service", s => s.ActiveState == "inactive");
        await _cluster.SetDesiredStateAsync("placed.service", UnitDesiredState.Launched, default);
        await StateAsync("placed.service", s => s.ActiveState == "active");

        await _cluster.SetDesiredStateAsync("everywhere.service", UnitDesiredState.Loaded, default);
        await StateAsync("everywhere.service", s => s.ActiveState == "inactive");

        await _cluster.DeleteUnitAsync("placed.service", default);
        await _cluster.DeleteUnitAsync("everywhere.service", default);
        await EventuallyAsync(() => _runner.Find("placed.service") is null && _runner.Find("everywhere.service") is null, "both unloaded after destroy");
        Assert.Empty((await _cluster.ListGlobalsAsync(default)).Entries);
    }

    [Fact]
    public async Task The_agent_reads_and_watches_only_its_own_assignments_and_the_globals_however_many_units_run_elsewhere()
    {
        const int Elsewhere = 500;
        await SubmitElsewhereAsync(0, Elsewhere / 2);
        await SubmitAsync("mine.service", UnitDesiredState.Launched, assignTo: "m1");
        await SubmitAsync("everywhere.service", UnitDesiredState.Launched, fleet: "Global=true");

        // A short resync, so the periodic re-reads are counted too.
        Start(o => o with { ResyncInterval = TimeSpan.FromMilliseconds(100) });
        await StateAsync("mine.service", s => s.ActiveState == "active");
        await StateAsync("everywhere.service", s => s.ActiveState == "active");

        // Half of the units arrive while the agent watches; a unit of its own submitted after them proves
        // its watch has gone past them all.
        await SubmitElsewhereAsync(Elsewhere / 2, Elsewhere);
        await SubmitAsync("late.service", UnitDesiredState.Launched, assignTo: "m1");
        await StateAsync("late.service", s => s.ActiveState == "active");
        await EventuallyAsync(() => _registry.Ranges.Count >= 6, "a few resyncs");

        Assert.All(_registry.Ranges, prefix => Assert.Contains(prefix, new[] { Layout.MachineAssignmentsPrefix("m1"), Layout.GlobalsPrefix }));
        Assert.Equal([Layout.MachineAssignmentsPrefix("m1"), Layout.GlobalsPrefix], _registry.Watches.Order(StringComparer.Ordinal));
        string[] unitReads = [.. _registry.Gets.Where(key => key.StartsWith(Layout.UnitsPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal([Layout.UnitKey("everywhere.service"), Layout.UnitKey("late.service"), Layout.UnitKey("mine.service")], unitReads);
        Assert.DoesNotContain(_registry.WatchedKeys, key => key.Contains("other-", StringComparison.Ordinal));
        Assert.Contains(Layout.AssignmentKey("m1", "late.service"), _registry.WatchedKeys);
        Assert.True(_registry.WatchedKeys.Count < 10, $"{_registry.WatchedKeys.Count} watch events: {string.Join(", ", _registry.WatchedKeys)}");
    }

    /// <summary>Units other-<c>from</c>..other-<c>to - 1</c>, placed round-robin on ten other machines, as the engine would.</summary>
    private async Task SubmitElsewhereAsync(int from, int to)
    {
        var operations = new List<Registry.Transactions.RegistryOperation>();
        for (int index = from; index < to; index++)
        {
            string name = $"other-{index}.service";
            UnitFile file = UnitFileParser.Parse(name, "[Service]\nExecStart=/bin/sleep 100\n");
            var unit = new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched);
            operations.Add(_cluster.PutUnitOperation(unit));
            operations.Add(_cluster.PutAssignment(new AssignmentRecord(name, $"m{2 + (index % 10)}", unit.Hash, unit.DesiredState)));
        }

        await RegistryBatches.CommitAsync(_store, [], operations, default);
    }

    [Fact]
    public async Task A_unit_that_fails_to_start_does_not_keep_the_agent_from_its_other_units_nor_is_it_retried_every_pass()
    {
        _runner.FailingStarts["bad.service"] = true;
        await SubmitAsync("bad.service", UnitDesiredState.Launched, assignTo: "m1");
        await SubmitAsync("good.service", UnitDesiredState.Launched, assignTo: "m1");
        Start();

        await StateAsync("good.service", s => s.ActiveState == "active");
        await EventuallyAsync(() => _log.Saw("start bad.service failed"), "the failure logged");
        await SubmitAsync("third.service", UnitDesiredState.Launched, assignTo: "m1");
        await StateAsync("third.service", s => s.ActiveState == "active");
        Assert.Single(_runner.Calls, c => c == "start bad.service");
    }

    [Fact]
    public async Task A_unit_slow_to_start_does_not_hold_up_the_start_of_the_others()
    {
        var held = new TaskCompletionSource();
        _runner.HeldStarts["a-slow.service"] = held;
        await SubmitAsync("a-slow.service", UnitDesiredState.Launched, assignTo: "m1");
        await SubmitAsync("b-quick.service", UnitDesiredState.Launched, assignTo: "m1");
        Start();

        await StateAsync("b-quick.service", s => s.ActiveState == "active");
        await StateAsync("a-slow.service", s => s.ActiveState == "activating");
        held.SetResult();
        await StateAsync("a-slow.service", s => s.ActiveState == "active");
    }

    [Fact]
    public async Task Cut_off_from_the_registry_it_fences_itself_stopping_all_but_global_units_then_comes_back()
    {
        await SubmitAsync("placed.service", UnitDesiredState.Launched, assignTo: "m1");
        await SubmitAsync("everywhere.service", UnitDesiredState.Launched, fleet: "Global=true");
        Start(o => o with { AgentTtl = TimeSpan.FromSeconds(2), RetryDelay = TimeSpan.FromMilliseconds(200), DeadlineFile = DeadlinePath });
        await StateAsync("placed.service", s => s.ActiveState == "active");
        await StateAsync("everywhere.service", s => s.ActiveState == "active");
        long firstLease = _agent.LeaseId;
        Assert.True(DeadlineFile.Read(DeadlinePath) > 0, "the watchdog's deadline is armed while the lease holds");
        Assert.Null(_agent.StartRefusal());

        var cutOff = new TaskCompletionSource();
        _registry.BeforeKeepAlive = _ => throw new RegistryUnavailableException("cut off by the test");
        _registry.BeforeGrantLease = () => cutOff.Task.IsCompleted ? Task.CompletedTask : throw new RegistryUnavailableException("cut off by the test");

        await EventuallyAsync(() => _agent.FenceCount == 1, "self-fencing");
        Assert.Equal(UnitActiveState.Inactive, _runner.Find("placed.service")!.ActiveState);
        Assert.Equal(UnitActiveState.Active, _runner.Find("everywhere.service")!.ActiveState);
        Assert.True(_log.Saw("self-fencing: lost the registry for"), string.Join('\n', _log.Messages));
        Assert.True(_log.Saw("stopping 1 units"), string.Join('\n', _log.Messages));
        await EventuallyAsync(() => DeadlineFile.Read(DeadlinePath) == 0, "the deadline disarmed");
        Assert.Equal(0, _agent.LeaseId);

        // Fenced, the runner's start gate is closed: not even Restart= may bring a unit back.
        Assert.Contains("does not hold its presence lease", _agent.StartRefusal(), StringComparison.Ordinal);

        _registry.BeforeKeepAlive = null;
        cutOff.SetResult();
        RegistryEntry<MachineRecord> machine = await EventuallyAsync(
            async () => (await _cluster.ListMachinesAsync(default)).Entries.SingleOrDefault(e => e.LeaseId != firstLease),
            "registered again under a new lease");
        await EventuallyAsync(() => _runner.Find("placed.service")?.ActiveState == UnitActiveState.Active, "placed.service started again");
        UnitStateRecord state = await StateAsync("placed.service", s => s.ActiveState == "active");
        Assert.Equal(machine.LeaseId, (await _cluster.ListUnitStatesAsync("placed.service", default)).Entries.Single().LeaseId);
        Assert.Equal("m1", state.Machine);
        Assert.True(DeadlineFile.Read(DeadlinePath) > 0, "armed again under the new lease");
        Assert.Null(_agent.StartRefusal());
    }

    [Fact]
    public async Task A_registered_unit_s_key_lives_under_the_agent_s_lease_while_the_unit_is_active_and_goes_when_it_stops()
    {
        await SubmitAsync("web@1.service", UnitDesiredState.Launched, assignTo: "m1", register: "Key=/clusterstate/web/%n\nValue=%m:8080");
        Start();

        KeyValue registered = await EventuallyAsync(() => _store.GetAsync("/clusterstate/web/web@1.service"), "the registration");
        Assert.Equal("m1:8080", Encoding.UTF8.GetString(registered.Value.Span));
        Assert.Equal(_agent.LeaseId, registered.LeaseId);

        await SetDesiredStateAsync("web@1.service", UnitDesiredState.Loaded, assignedTo: "m1");
        await EventuallyAsync(async () => await _store.GetAsync("/clusterstate/web/web@1.service") is null ? true : (bool?)null, "the registration removed on stop");

        await SetDesiredStateAsync("web@1.service", UnitDesiredState.Launched, assignedTo: "m1");
        await EventuallyAsync(() => _store.GetAsync("/clusterstate/web/web@1.service"), "registered again");
        await StopAgentAsync();
        Assert.Null(await _store.GetAsync("/clusterstate/web/web@1.service"));
    }

    [Fact]
    public async Task A_unit_with_a_health_check_is_registered_only_while_the_check_passes()
    {
        string healthy = Path.Combine(_directory.Path, "healthy");
        await SubmitAsync("api.service", UnitDesiredState.Launched, assignTo: "m1", register: $"Key=/svc/api\nValue=up\nHealthCheck=test -f {healthy}\nHealthInterval=100ms");
        Start();
        await StateAsync("api.service", s => s.ActiveState == "active");

        // Active but not (yet) healthy: not announced.
        await Task.Delay(500);
        Assert.Null(await _store.GetAsync("/svc/api"));

        await File.WriteAllTextAsync(healthy, "");
        await EventuallyAsync(() => _store.GetAsync("/svc/api"), "registered once healthy");

        File.Delete(healthy);
        await EventuallyAsync(async () => await _store.GetAsync("/svc/api") is null ? true : (bool?)null, "removed once unhealthy");
        Assert.True(_log.Saw("api.service: the health check test -f"), string.Join('\n', _log.Messages));
    }

    [Fact]
    public async Task A_health_check_of_a_unit_arriving_after_an_idle_start_is_run()
    {
        // The agent starts with nothing to check, so its health loop sleeps until a checked unit arrives.
        string healthy = Path.Combine(_directory.Path, "healthy");
        await File.WriteAllTextAsync(healthy, "");
        await SubmitAsync("plain.service", UnitDesiredState.Launched, assignTo: "m1");
        Start();
        await StateAsync("plain.service", s => s.ActiveState == "active");
        await Task.Delay(300);

        await SubmitAsync("late.service", UnitDesiredState.Launched, assignTo: "m1", register: $"Key=/svc/late\nValue=up\nHealthCheck=test -f {healthy}\nHealthInterval=100ms");
        await EventuallyAsync(() => _store.GetAsync("/svc/late"), "registered once its check passed");
        Assert.True(_log.Saw("late.service: the health check test -f"), string.Join('\n', _log.Messages));
    }

    [Fact]
    public async Task A_registration_inside_the_cluster_prefix_is_refused_and_the_unit_still_runs()
    {
        await SubmitAsync("sneaky.service", UnitDesiredState.Launched, assignTo: "m1", register: "Key=/flotilla/machines/m9\nValue=x");
        Start();

        await StateAsync("sneaky.service", s => s.ActiveState == "active");
        await EventuallyAsync(() => _log.Saw("sneaky.service: [X-Register] Key=/flotilla/machines/m9 is inside the cluster's own prefix"), "the refusal logged");
        Assert.Null(await _store.GetAsync("/flotilla/machines/m9"));
    }

    [Fact]
    public async Task The_deadline_is_never_later_than_the_lease_can_expire_and_is_disarmed_on_shutdown()
    {
        Start(o => o with { AgentTtl = TimeSpan.FromSeconds(3), DeadlineFile = DeadlinePath });
        await EventuallyAsync(() => _agent.LeaseId != 0 && DeadlineFile.Read(DeadlinePath) > 0, "armed");
        for (int i = 0; i < 10; i++)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long deadline = DeadlineFile.Read(DeadlinePath)!.Value;

            // Written from a renewal's send time, so it is at most one TTL ahead of now.
            Assert.InRange(deadline, now, now + 3000);
            await Task.Delay(200);
        }

        await StopAgentAsync();
        Assert.Equal(0, DeadlineFile.Read(DeadlinePath));
    }

    [Fact]
    public async Task Shutdown_stops_and_unloads_every_unit_before_releasing_the_machine()
    {
        await SubmitAsync("a.service", UnitDesiredState.Launched, assignTo: "m1");
        Start();
        await StateAsync("a.service", s => s.ActiveState == "active");

        await StopAgentAsync();
        Assert.Empty(_runner.List());
        Assert.Contains("unload a.service", _runner.Calls);
        Assert.Empty((await _cluster.ListUnitStatesAsync(default)).Entries);
        Assert.Empty((await _cluster.ListMachinesAsync(default)).Entries);
        Assert.True(_log.Saw("Shutting down: stopping 1 units"));
    }

    private void Start(Func<AgentOptions, AgentOptions>? configure = null)
    {
        var options = new AgentOptions { MachineId = "m1", Logger = _log, AgentTtl = TimeSpan.FromSeconds(5) };
        _agent = new MachineAgent(_registry, _runner, configure?.Invoke(options) ?? options);
        _stop = new CancellationTokenSource();
        _running = _agent.RunAsync(_stop.Token);
    }

    private async Task StopAgentAsync()
    {
        if (_stop is null || _running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _running.WaitAsync(Patience);
        _stop.Dispose();
        _stop = null;
        _running = null;
    }

    /// <summary>
    /// Stores a unit and, without an engine, writes what the engine would: its assignment to
    /// <paramref name="assignTo"/> or, for a global unit, its global index record.
    /// </summary>
    private async Task<UnitRecord> SubmitAsync(string name, UnitDesiredState state, string? assignTo = null, string fleet = "", string execStart = "/bin/sleep 100", string register = "")
    {
        string source = $"[Service]\nExecStart={execStart}\n" + (fleet.Length > 0 ? $"\n[X-Fleet]\n{fleet}\n" : "") + (register.Length > 0 ? $"\n[X-Register]\n{register}\n" : "");
        UnitFile file = UnitFileParser.Parse(name, source);
        var record = new UnitRecord(name, file.NormalizedText, file.Hash, state);
        await _cluster.PutUnitAsync(record, default);
        await IndexAsync(record, assignTo, global: fleet.Contains("Global=true", StringComparison.Ordinal));
        return record;
    }

    /// <summary>fleetctl start/stop as the engine carries it out: the unit record, then its assignment.</summary>
    private async Task SetDesiredStateAsync(string name, UnitDesiredState state, string assignedTo)
    {
        RegistryEntry<UnitRecord> unit = (await _cluster.SetDesiredStateAsync(name, state, default))!;
        await IndexAsync(unit.Record, assignedTo, global: false);
    }

    private async Task IndexAsync(UnitRecord unit, string? assignTo, bool global)
    {
        if (assignTo is not null)
        {
            await _store.TransactAsync(new Registry.Transactions.TransactionRequest([], [_cluster.PutAssignment(new AssignmentRecord(unit.Name, assignTo, unit.Hash, unit.DesiredState))]));
        }

        if (global)
        {
            await _store.TransactAsync(new Registry.Transactions.TransactionRequest([], [_cluster.PutGlobal(new GlobalUnitRecord(unit.Name, unit.Hash, unit.DesiredState))]));
        }
    }

    private async Task<UnitStateRecord> StateAsync(string unit, Func<UnitStateRecord, bool> condition) =>
        await EventuallyAsync(
            async () => (await _cluster.ListUnitStatesAsync(unit, default)).Entries.Select(e => e.Record).FirstOrDefault(r => r.Machine == "m1" && condition(r)),
            $"the published state of {unit}");

    private async Task EventuallyAsync(Func<bool> condition, string what) =>
        await EventuallyAsync(() => Task.FromResult(condition() ? true : (bool?)null), what);

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            T? value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"{what} did not happen within {Patience.TotalSeconds} s; runner calls: {string.Join(", ", _runner.Calls)}; log:\n{string.Join('\n', _log.Messages)}");
            }

            await Task.Delay(50);
        }
    }
}
