using System.Globalization;

namespace Flotilla.Runner.Tests.Supervision;

public sealed class RestartTests : IAsyncLifetime
{
    private readonly RunnerHarness _runner = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _runner.DisposeAsync();

    private string Starts => Path.Combine(_runner.Scratch, "starts");

    private int StartCount => File.Exists(Starts) ? File.ReadAllLines(Starts).Length : 0;

    /// <summary>A unit that logs each start (with a nanosecond clock), then runs <paramref name="then"/>.</summary>
    private string Unit(string restart, string then, string extra = "") => $"""
        [Service]
        Restart={restart}
        RestartSec=100ms
        {extra}
        ExecStart=/bin/sh -c 'date +%%s%%N >> {Starts}; {then}'
        """;

    [Theory]
    [InlineData("always", "exit 0")]
    [InlineData("always", "exit 1")]
    [InlineData("on-success", "exit 0")]
    [InlineData("on-failure", "exit 1")]
    [InlineData("on-failure", "kill -KILL $$$$")]
    [InlineData("on-abnormal", "kill -KILL $$$$")]
    [InlineData("on-abort", "kill -ABRT $$$$")]
    public async Task The_policy_restarts_after_an_exit_it_covers(string policy, string exit)
    {
        await _runner.LoadAndStartAsync("again.service", Unit(policy, exit));

        await Eventually.TrueAsync(() => StartCount >= 3, $"Restart={policy} never restarted after '{exit}'");
        await _runner.Manager.StopAsync("again.service", CancellationToken.None);
    }

    [Theory]
    [InlineData("no", "exit 1", "failed")]
    [InlineData("on-success", "exit 1", "failed")]
    [InlineData("on-failure", "exit 0", "dead")]
    [InlineData("on-abnormal", "exit 1", "failed")]
    [InlineData("on-abort", "exit 1", "failed")]
    [InlineData("on-watchdog", "kill -KILL $$$$", "failed")]
    public async Task The_policy_does_not_restart_after_an_exit_it_does_not_cover(string policy, string exit, string subState)
    {
        await _runner.LoadAndStartAsync("once.service", Unit(policy, exit));

        var status = await _runner.WaitForStatusAsync("once.service", s => s.SubState == subState);

        // The settled state is final: give a would-be restart (RestartSec=100ms) ample time, then look again.
        await Task.Delay(500);
        Assert.Equal(1, StartCount);
        Assert.Equal(subState, _runner.Manager.Find("once.service")!.SubState);
        Assert.NotEqual(UnitActiveState.Activating, status.ActiveState);
    }

    [Fact]
    public async Task RestartSec_is_waited_between_runs_in_the_auto_restart_state()
    {
        var seen = new List<UnitStatus>();
        _runner.Manager.StatusChanged += (_, s) =>
        {
            lock (seen)
            {
                seen.Add(s);
            }
        };

        await _runner.LoadAndStartAsync("paced.service", Unit("always", "exit 0", "RestartSec=400ms").Replace("RestartSec=100ms\n", string.Empty, StringComparison.Ordinal));
        await Eventually.TrueAsync(() => StartCount >= 3, "never restarted twice");
        await _runner.Manager.StopAsync("paced.service", CancellationToken.None);

        var times = File.ReadAllLines(Starts).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToList();
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= 400_000_000, $"runs {i} and {i + 1} were only {(times[i] - times[i - 1]) / 1_000_000} ms apart");
        }

        lock (seen)
        {
            Assert.Contains(seen, s => s.ActiveState == UnitActiveState.Activating && s.SubState == "auto-restart");
        }
    }

    [Fact]
    public async Task Starting_too_often_hits_the_start_limit_and_fails()
    {
        await _runner.LoadAndStartAsync("flappy.service", Unit("always", "exit 1", "StartLimitBurst=3\nStartLimitIntervalSec=30s"));

        var status = await _runner.WaitForStatusAsync("flappy.service", s => s.Result == "start-limit-hit");

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal(3, StartCount);
        Assert.Contains("Start request repeated too quickly.", await _runner.JournalTextAsync("flappy.service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartPreventExitStatus_stops_an_always_restarting_unit()
    {
        await _runner.LoadAndStartAsync("prevent.service", Unit("always", "exit 3", "RestartPreventExitStatus=3"));

        var status = await _runner.WaitForStatusAsync("prevent.service", s => s.ActiveState == UnitActiveState.Failed);

        Assert.Equal("exit-code", status.Result);
        Assert.Equal(1, StartCount);
    }

    [Fact]
    public async Task A_stop_during_the_restart_delay_cancels_the_restart()
    {
        await _runner.LoadAndStartAsync("cancel.service", Unit("always", "exit 1", "RestartSec=5s").Replace("RestartSec=100ms\n", string.Empty, StringComparison.Ordinal));
        await _runner.WaitForStatusAsync("cancel.service", s => s.SubState == "auto-restart");

        var stopped = await _runner.Manager.StopAsync("cancel.service", CancellationToken.None);

        Assert.Equal(UnitActiveState.Failed, stopped.ActiveState);
        Assert.Equal("exit-code", stopped.Result);
        Assert.Equal(1, StartCount);
    }

    [Fact]
    public async Task TimeoutStartSec_fails_a_start_that_never_completes()
    {
        var status = await _runner.LoadAndStartAsync("slow.service", """
            [Service]
            Type=oneshot
            TimeoutStartSec=300ms
            ExecStart=/bin/sleep 300
            """);

        Assert.Equal(UnitActiveState.Failed, status.ActiveState);
        Assert.Equal("timeout", status.Result);
    }
}
