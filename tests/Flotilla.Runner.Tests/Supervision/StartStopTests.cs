namespace Flotilla.Runner.Tests.Supervision;

public sealed class StartStopTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    [Fact]
    public async Task A_simple_service_runs_in_its_own_session_with_the_runner_markers_and_stops()
    {
        var pidFile = Path.Combine(_runner.Scratch, "pid");
        var status = await _runner.LoadAndStartAsync("web.service", $"""
            [Service]
            ExecStart=/bin/sh -c 'echo $$$$ > {pidFile}; exec sleep 300'
            """);

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.Equal("running", status.SubState);
        var pid = await ProcessFacts.ReadPidAsync(pidFile);

        // setsid exec'd in place: the PID we report is the program's, and it leads its own session.
        Assert.Equal(pid, status.MainPid);
        Assert.Equal(pid, ProcessFacts.Session(pid));
        var environment = ProcessFacts.Environment(pid);
        Assert.Equal(_runner.RunnerId, environment["FLOTILLA_RUNNER_ID"]);
        Assert.Equal("web.service", environment["FLOTILLA_UNIT"]);
        Assert.Equal("http://127.0.0.1:1", environment["FLOTILLA_ENDPOINT"]);

        var stopped = await _runner.Manager.StopAsync("web.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.Equal("dead", stopped.SubState);
        Assert.Equal("success", stopped.Result);
        Assert.Null(stopped.MainPid);
        Assert.False(ProcessFacts.IsAlive(pid));
    }

    [Fact]
    public async Task Type_exec_is_active_once_the_program_runs()
    {
        var status = await _runner.LoadAndStartAsync("exec.service", """
            [Service]
            Type=exec
            ExecStart=/bin/sleep 300
            """);

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.True(ProcessFacts.IsAlive(status.MainPid!.Value));
    }

    [Fact]
    public async Task A_oneshot_runs_its_commands_in_order_and_goes_inactive()
    {
        var status = await _runner.LoadAndStartAsync("once.service", """
            [Service]
            Type=oneshot
            ExecStart=/bin/echo first
            ExecStart=/bin/echo second
            """);

        Assert.Equal(UnitActiveState.Inactive, status.ActiveState);
        Assert.Equal("success", status.Result);
        await _runner.WaitForJournalAsync("once.service", "second");
        var lines = (await _runner.JournalAsync("once.service")).Where(e => e.Source == JournalSource.Stdout).Select(e => e.Text).ToList();
        Assert.Equal(["first", "second"], lines);
    }

    [Fact]
    public async Task A_oneshot_with_RemainAfterExit_stays_active_exited_until_stopped()
    {
        var marker = Path.Combine(_runner.Scratch, "stopped");
        var status = await _runner.LoadAndStartAsync("remain.service", $"""
            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/bin/true
            ExecStop=/bin/touch {marker}
            """);

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.Equal("exited", status.SubState);

        var stopped = await _runner.Manager.StopAsync("remain.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task Status_changes_are_raised_as_events()
    {
        var seen = new List<UnitStatus>();
        _runner.Manager.StatusChanged += (_, status) =>
        {
            lock (seen)
            {
                seen.Add(status);
            }
        };

        await _runner.LoadAndStartAsync("events.service", "[Service]\nExecStart=/bin/sleep 300\n");
        await _runner.Manager.StopAsync("events.service", CancellationToken.None);

        lock (seen)
        {
            Assert.Contains(seen, s => s.ActiveState == UnitActiveState.Active && s.SubState == "running");
            Assert.Contains(seen, s => s.ActiveState == UnitActiveState.Deactivating);
            Assert.Equal(UnitActiveState.Inactive, seen[^1].ActiveState);
        }
    }

    [Fact]
    public async Task Unload_stops_the_unit_and_forgets_it_but_its_journal_stays_readable()
    {
        var status = await _runner.LoadAndStartAsync("gone.service", "[Service]\nExecStart=/bin/sh -c 'echo hello; exec sleep 300'\n");
        await _runner.WaitForJournalAsync("gone.service", "hello");

        await _runner.Manager.UnloadAsync("gone.service", CancellationToken.None);

        Assert.Null(_runner.Manager.Find("gone.service"));
        Assert.False(ProcessFacts.IsAlive(status.MainPid!.Value));
        Assert.Contains("hello", await _runner.JournalTextAsync("gone.service"), StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnitNotLoadedException>(() => _runner.Manager.StartAsync("gone.service", CancellationToken.None));
    }

    [Fact]
    public async Task A_main_process_that_exits_cleanly_leaves_the_unit_inactive()
    {
        await _runner.LoadAndStartAsync("short.service", "[Service]\nExecStart=/bin/true\n");

        var status = await _runner.WaitForStatusAsync("short.service", s => s.ActiveState == UnitActiveState.Inactive);

        Assert.Equal("success", status.Result);
    }

    [Fact]
    public async Task A_main_process_that_fails_leaves_the_unit_failed_with_exit_code()
    {
        await _runner.LoadAndStartAsync("crash.service", "[Service]\nExecStart=/bin/sh -c 'exit 3'\n");

        var status = await _runner.WaitForStatusAsync("crash.service", s => s.ActiveState == UnitActiveState.Failed);

        Assert.Equal("exit-code", status.Result);
        Assert.Equal("failed", status.SubState);
        Assert.Contains("status=3", await _runner.JournalTextAsync("crash.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_abandons_a_start_that_is_still_running()
    {
        await _runner.LoadAsync("slowstart.service", "[Service]\nType=oneshot\nExecStart=/bin/sleep 300\n");
        var start = _runner.Manager.StartAsync("slowstart.service", CancellationToken.None);
        await _runner.WaitForStatusAsync("slowstart.service", s => s.ActiveState == UnitActiveState.Activating);

        var stopped = await _runner.Manager.StopAsync("slowstart.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.NotEqual(UnitActiveState.Active, (await start).ActiveState);
    }

    [Fact]
    public async Task Concurrent_starts_start_one_main_process()
    {
        await _runner.LoadAsync("twice.service", "[Service]\nExecStart=/bin/sleep 300\n");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _runner.Manager.StartAsync("twice.service", CancellationToken.None)));

        Assert.Single(statuses.Select(s => s.MainPid).Distinct());
        Assert.All(statuses, s => Assert.Equal(UnitActiveState.Active, s.ActiveState));
    }

    [Fact]
    public async Task Host_specifiers_come_from_the_configured_host_facts()
    {
        await using var manager = new BuiltInUnitManager(_runner.Options(_runner.RunnerId + "-host") with
        {
            Host = new Flotilla.Units.Specifiers.FixedHostFacts { HostName = "node1.example.com", MachineId = "0123456789abcdef0123456789abcdef" },
        });
        await manager.LoadAsync(RunnerHarness.Unit("host.service", "[Service]\nType=oneshot\nExecStart=/bin/echo %H %l %m\n"), CancellationToken.None);

        await manager.StartAsync("host.service", CancellationToken.None);

        await Eventually.TrueAsync(
            async () => (await manager.ReadJournalAsync("host.service", 10, CancellationToken.None)).Any(e => e.Text == "node1.example.com node1 0123456789abcdef0123456789abcdef"),
            "the specifiers never showed in the journal");
    }
}
