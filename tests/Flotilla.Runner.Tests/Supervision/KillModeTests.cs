namespace Flotilla.Runner.Tests.Supervision;

public sealed class KillModeTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    private string ChildPid => Path.Combine(_runner.Scratch, "child.pid");

    private string Log => Path.Combine(_runner.Scratch, "log");

    private string Ready => Path.Combine(_runner.Scratch, "ready");

    /// <summary>A main shell that starts a child; each logs the SIGTERM it gets, then exits.</summary>
    private string Unit(string settings) => $"""
        [Service]
        TimeoutStopSec=5s
        {settings}
        ExecStart=/bin/sh -c 'sh -c "trap \\"echo child-term >> {Log}; exit 0\\" TERM; echo \\$$$$ > {ChildPid}; while true; do sleep 0.05; done" & trap "echo main-term >> {Log}; exit 0" TERM; touch {Ready}; while true; do sleep 0.05; done'
        """;

    private async Task<(int Main, int Child)> StartAsync(string settings)
    {
        var status = await _runner.LoadAndStartAsync("kill.service", Unit(settings));

        // Each shell writes its file once its trap is set.
        var child = await ProcessFacts.ReadPidAsync(ChildPid);
        await Eventually.TrueAsync(() => File.Exists(Ready), "the main shell never set its trap");
        return (status.MainPid!.Value, child);
    }

    private string[] LogLines => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    [Fact]
    public async Task Control_group_sends_the_stop_signal_to_every_process()
    {
        var (main, child) = await StartAsync("KillMode=control-group");

        var stopped = await _runner.Manager.StopAsync("kill.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.False(ProcessFacts.IsAlive(main));
        Assert.False(ProcessFacts.IsAlive(child));
        Assert.Contains("child-term", LogLines);
        Assert.Contains("main-term", LogLines);
    }

    [Fact]
    public async Task Mixed_sends_the_stop_signal_to_the_main_process_and_SIGKILL_to_the_rest()
    {
        var (main, child) = await StartAsync("KillMode=mixed");

        await _runner.Manager.StopAsync("kill.service", CancellationToken.None);

        Assert.False(ProcessFacts.IsAlive(main));
        Assert.False(ProcessFacts.IsAlive(child));
        Assert.Contains("main-term", LogLines);
        Assert.DoesNotContain("child-term", LogLines);
    }

    [Fact]
    public async Task Process_stops_only_the_main_process()
    {
        var (main, child) = await StartAsync("KillMode=process");

        var stopped = await _runner.Manager.StopAsync("kill.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.False(ProcessFacts.IsAlive(main));
        Assert.True(ProcessFacts.IsAlive(child));
    }

    [Fact]
    public async Task None_signals_nothing()
    {
        var (main, child) = await StartAsync("KillMode=none");

        var stopped = await _runner.Manager.StopAsync("kill.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Inactive, stopped.ActiveState);
        Assert.True(ProcessFacts.IsAlive(main));
        Assert.True(ProcessFacts.IsAlive(child));
    }

    [Fact]
    public async Task KillSignal_chooses_the_stop_signal()
    {
        var ready = Path.Combine(_runner.Scratch, "trapped");
        var status = await _runner.LoadAndStartAsync("int.service", $"""
            [Service]
            KillSignal=SIGINT
            ExecStart=/bin/sh -c 'trap "echo main-int >> {Log}; exit 0" INT; trap "echo main-term >> {Log}; exit 0" TERM; touch {ready}; while true; do sleep 0.05; done'
            """);
        await Eventually.TrueAsync(() => File.Exists(ready), "the traps were never set");

        var stopped = await _runner.Manager.StopAsync("int.service", CancellationToken.None);

        Assert.Equal(["main-int"], LogLines);
        Assert.Equal("success", stopped.Result);
        Assert.False(ProcessFacts.IsAlive(status.MainPid!.Value));
    }

    [Fact]
    public async Task SendSIGKILL_no_leaves_a_process_that_ignores_the_stop_signal()
    {
        var ready = Path.Combine(_runner.Scratch, "trapped");
        var status = await _runner.LoadAndStartAsync("gentle.service", $"""
            [Service]
            TimeoutStopSec=300ms
            SendSIGKILL=no
            ExecStart=/bin/sh -c 'trap "" TERM; touch {ready}; while true; do sleep 0.1; done'
            """);
        await Eventually.TrueAsync(() => File.Exists(ready), "the trap was never set");

        var stopped = await _runner.Manager.StopAsync("gentle.service", CancellationToken.None);

        Assert.Equal("timeout", stopped.Result);
        Assert.True(ProcessFacts.IsAlive(status.MainPid!.Value));
    }
}
