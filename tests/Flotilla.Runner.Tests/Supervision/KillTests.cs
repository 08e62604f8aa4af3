namespace Flotilla.Runner.Tests.Supervision;

public sealed class KillTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_after_TimeoutStopSec_and_the_result_is_timeout()
    {
        var ready = Path.Combine(_runner.Scratch, "trapped");
        var status = await _runner.LoadAndStartAsync("stubborn.service", $"""
            [Service]
            TimeoutStopSec=300ms
            ExecStart=/bin/sh -c 'trap "" TERM; touch {ready}; while true; do sleep 0.1; done'
            """);
        await Eventually.TrueAsync(() => File.Exists(ready), "the trap was never set");

        var stopped = await _runner.Manager.StopAsync("stubborn.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Failed, stopped.ActiveState);
        Assert.Equal("timeout", stopped.Result);
        Assert.False(ProcessFacts.IsAlive(status.MainPid!.Value));
        Assert.Contains("timed out", await _runner.JournalTextAsync("stubborn.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_forked_daemon_in_a_new_session_does_not_survive_a_stop()
    {
        var pidFile = Path.Combine(_runner.Scratch, "daemon.pid");
        await _runner.LoadAndStartAsync("escape.service", $"""
            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/bin/sh -c '(setsid sh -c "echo \\$$$$ > {pidFile}; exec sleep 300" &) &'
            """);
        var daemon = await ProcessFacts.ReadPidAsync(pidFile);
        Assert.True(ProcessFacts.IsAlive(daemon));
        Assert.Equal(daemon, ProcessFacts.Session(daemon));

        var stopped = await _runner.Manager.StopAsync("escape.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.False(ProcessFacts.IsAlive(daemon));
    }
}
