namespace Flotilla.Runner.Tests.Supervision;

public sealed class ExecLineTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    private string Log => Path.Combine(_runner.Scratch, "log");

    private string[] LogLines => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    [Fact]
    public async Task Start_and_stop_commands_run_in_systemd_order_with_MAINPID()
    {
        var status = await _runner.LoadAndStartAsync("order.service", $"""
            [Service]
            ExecStartPre=/bin/sh -c 'echo pre >> {Log}'
            ExecStart=/bin/sh -c 'echo main >> {Log}; exec sleep 300'
            ExecStartPost=/bin/sh -c 'echo "post $MAINPID" >> {Log}'
            ExecStop=/bin/sh -c 'echo "stop $MAINPID" >> {Log}; kill $MAINPID'
            ExecStopPost=/bin/sh -c 'echo "stop-post $SERVICE_RESULT $EXIT_CODE $EXIT_STATUS" >> {Log}'
            """);
        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        var pid = status.MainPid!.Value;

        await _runner.Manager.StopAsync("order.service", CancellationToken.None);

        // A simple service counts as started right after the fork, so ExecStartPost races the main process.
        var lines = LogLines;
        Assert.Equal(5, lines.Length);
        Assert.Equal("pre", lines[0]);
        Assert.Equal(["main", $"post {pid}"], lines[1..3].Order(StringComparer.Ordinal));
        Assert.Equal([$"stop {pid}", "stop-post success killed TERM"], lines[3..]);
    }

    [Fact]
    public async Task A_failing_ExecStartPre_fails_the_start_and_ExecStopPost_sees_exit_code()
    {
        var status = await _runner.LoadAndStartAsync("prefail.service", $"""
            [Service]
            ExecStartPre=/bin/false
            ExecStart=/bin/sh -c 'echo main >> {Log}; exec sleep 300'
            ExecStopPost=/bin/sh -c 'echo "stop-post $SERVICE_RESULT" >> {Log}'
            """);

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("exit-code", status.Result);
        Assert.Equal(["stop-post exit-code"], LogLines);
        Assert.Contains("ExecStartPre process exited, code=exited, status=1", await _runner.JournalTextAsync("prefail.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dash_prefix_ignores_a_failure()
    {
        var status = await _runner.LoadAndStartAsync("dash.service", $"""
            [Service]
            ExecStartPre=-/bin/false
            ExecStartPre=-/no/such/program
            ExecStart=/bin/sleep 300
            """);

        Assert.Equal(UnitActiveState.Active, status.ActiveState);
        Assert.Contains("(ignored)", await _runner.JournalTextAsync("dash.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_ExecCondition_skips_the_start_without_failing()
    {
        var status = await _runner.LoadAndStartAsync("cond.service", $"""
            [Service]
            ExecCondition=/bin/sh -c 'exit 1'
            ExecStart=/bin/sh -c 'echo main >> {Log}; exec sleep 300'
            """);

        Assert.Equal(UnitActiveState.Inactive, status.ActiveState);
        Assert.Equal("success", status.Result);
        Assert.Empty(LogLines);
        Assert.Contains("ExecCondition", await _runner.JournalTextAsync("cond.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ExecCondition_exiting_255_is_a_failure()
    {
        var status = await _runner.LoadAndStartAsync("cond255.service", "[Service]\nExecCondition=/bin/sh -c 'exit 255'\nExecStart=/bin/sleep 300\n");

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("exit-code", status.Result);
    }

    [Fact]
    public async Task The_at_prefix_sets_argv0()
    {
        await _runner.LoadAndStartAsync("argv.service", "[Service]\nType=oneshot\nExecStart=@/bin/sh custom-name -c 'echo \"argv0=$0\"'\n");

        await _runner.WaitForJournalAsync("argv.service", "argv0=custom-name");
    }

    [Fact]
    public async Task User_and_Group_change_identity_except_for_the_plus_prefix()
    {
        await _runner.LoadAndStartAsync("user.service", """
            [Service]
            Type=oneshot
            User=nobody
            ExecStart=/bin/sh -c 'echo "plain $(id -u):$(id -g)"'
            ExecStart=+/bin/sh -c 'echo "plus $(id -u):$(id -g)"'
            """);
        await _runner.LoadAndStartAsync("group.service", """
            [Service]
            Type=oneshot
            User=nobody
            Group=daemon
            ExecStart=/bin/sh -c 'echo "group $(id -g)"'
            """);

        await _runner.WaitForJournalAsync("user.service", "plus 0:0");
        Assert.Contains("plain 65534:65534", await _runner.JournalTextAsync("user.service"), StringComparison.Ordinal);
        await _runner.WaitForJournalAsync("group.service", "group 1");
    }

    [Fact]
    public async Task An_unknown_User_fails_with_status_217()
    {
        var status = await _runner.LoadAndStartAsync("nouser.service", "[Service]\nType=oneshot\nUser=no-such-user-here\nExecStart=/bin/true\n");

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Contains("no-such-user-here", status.StatusText, StringComparison.Ordinal);
        Assert.Contains("status=217", await _runner.JournalTextAsync("nouser.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecReload_runs_with_MAINPID_and_the_unit_stays_active()
    {
        var status = await _runner.LoadAndStartAsync("reload.service", $"""
            [Service]
            ExecStart=/bin/sleep 300
            ExecReload=/bin/sh -c 'echo "reload $MAINPID" >> {Log}'
            """);

        var reloaded = await _runner.Manager.ReloadAsync("reload.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Active, reloaded.ActiveState);
        Assert.Equal("running", reloaded.SubState);
        Assert.Equal([$"reload {status.MainPid}"], LogLines);
    }
}
