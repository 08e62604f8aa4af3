namespace Flotilla.Runner.Tests.Supervision;

public sealed class ServiceTypeTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    private string PidFile => Path.Combine(_runner.Scratch, "daemon.pid");

    [Fact]
    public async Task Forking_is_active_after_the_parent_exits_with_the_main_PID_from_PIDFile()
    {
        var status = await _runner.LoadAndStartAsync("forking.service", $"""
            [Service]
            Type=forking
            PIDFile={PidFile}
            ExecStart=/bin/sh -c 'sleep 300 & echo $! > {PidFile}'
            """);

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.Equal("running", status.SubState);
        var daemon = await ProcessFacts.ReadPidAsync(PidFile);
        Assert.Equal(daemon, status.MainPid);

        var stopped = await _runner.Manager.StopAsync("forking.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.False(ProcessFacts.IsAlive(daemon));
    }

    [Fact]
    public async Task Forking_without_PIDFile_guesses_the_one_remaining_process()
    {
        var status = await _runner.LoadAndStartAsync("guess.service", $"""
            [Service]
            Type=forking
            ExecStart=/bin/sh -c 'sleep 300 & echo $! > {PidFile}'
            """);

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.Equal(await ProcessFacts.ReadPidAsync(PidFile), status.MainPid);
    }

    [Fact]
    public async Task Forking_goes_inactive_when_the_daemon_goes_away()
    {
        var status = await _runner.LoadAndStartAsync("dies.service", $"""
            [Service]
            Type=forking
            PIDFile={PidFile}
            ExecStart=/bin/sh -c 'sleep 300 & echo $! > {PidFile}'
            """);

        Process(status.MainPid!.Value).Kill();

        await _runner.WaitForStatusAsync("dies.service", s => s.ActiveState is UnitActiveState.Inactive or UnitActiveState.Failed);
    }

    [Fact]
    public async Task Forking_fails_when_the_parent_fails()
    {
        var status = await _runner.LoadAndStartAsync("badfork.service", "[Service]\nType=forking\nExecStart=/bin/sh -c 'exit 4'\n");

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("exit-code", status.Result);
    }

    [Fact]
    public async Task Notify_is_active_only_after_READY_and_takes_STATUS_as_its_status_text()
    {
        var seen = new List<UnitStatus>();
        _runner.Manager.StatusChanged += (_, s) =>
        {
            lock (seen)
            {
                seen.Add(s);
            }
        };

        var status = await _runner.LoadAndStartAsync("notify.service", """
            [Service]
            Type=notify
            ExecStart=/bin/sh -c 'sleep 0.2; systemd-notify --ready --status="serving requests"; exec sleep 300'
            """);

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.Equal("serving requests", status.StatusText);
        lock (seen)
        {
            Assert.Contains(seen, s => s.ActiveState == UnitActiveState.Activating && s.SubState == "start");
        }

        // The shell may be exec'ing sleep right now, and /proc/<pid>/environ reads empty in between.
        var socket = string.Empty;
        await Eventually.TrueAsync(() => ProcessFacts.Environment(status.MainPid!.Value).TryGetValue("NOTIFY_SOCKET", out socket), "the main process never showed NOTIFY_SOCKET");
        Assert.StartsWith("@", socket, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_that_never_gets_ready_fails_at_TimeoutStartSec()
    {
        var status = await _runner.LoadAndStartAsync("mute.service", """
            [Service]
            Type=notify
            TimeoutStartSec=300ms
            ExecStart=/bin/sleep 300
            """);

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("timeout", status.Result);
    }

    [Fact]
    public async Task Notify_that_exits_before_READY_fails()
    {
        var status = await _runner.LoadAndStartAsync("quits.service", "[Service]\nType=notify\nExecStart=/bin/true\n");

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("protocol", status.Result);
    }

    [Fact]
    public async Task Idle_runs_like_simple()
    {
        var status = await _runner.LoadAndStartAsync("idle.service", "[Service]\nType=idle\nExecStart=/bin/sleep 300\n");

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.True(ProcessFacts.IsAlive(status.MainPid!.Value));
    }

    private static System.Diagnostics.Process Process(int pid) => System.Diagnostics.Process.GetProcessById(pid);
}
