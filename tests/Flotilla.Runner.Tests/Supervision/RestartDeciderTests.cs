using Flotilla.Runner.Processes;
using Flotilla.Runner.Supervision;
using Flotilla.Units.Services;
using Flotilla.Units.Values;

namespace Flotilla.Runner.Tests.Supervision;

public sealed class RestartDeciderTests
{
    public enum Outcome
    {
        CleanExit,
        FailingExitCode,
        KilledBySignal,
        Timeout,
        Watchdog,
    }

    // The table of systemd.service(5), "Restart=": which outcome restarts under which policy.
    [Theory]
    [InlineData(RestartPolicy.No, Outcome.CleanExit, false)]
    [InlineData(RestartPolicy.No, Outcome.FailingExitCode, false)]
    [InlineData(RestartPolicy.No, Outcome.KilledBySignal, false)]
    [InlineData(RestartPolicy.No, Outcome.Timeout, false)]
    [InlineData(RestartPolicy.No, Outcome.Watchdog, false)]
    [InlineData(RestartPolicy.Always, Outcome.CleanExit, true)]
    [InlineData(RestartPolicy.Always, Outcome.FailingExitCode, true)]
    [InlineData(RestartPolicy.Always, Outcome.KilledBySignal, true)]
    [InlineData(RestartPolicy.Always, Outcome.Timeout, true)]
    [InlineData(RestartPolicy.Always, Outcome.Watchdog, true)]
    [InlineData(RestartPolicy.OnSuccess, Outcome.CleanExit, true)]
    [InlineData(RestartPolicy.OnSuccess, Outcome.FailingExitCode, false)]
    [InlineData(RestartPolicy.OnSuccess, Outcome.KilledBySignal, false)]
    [InlineData(RestartPolicy.OnSuccess, Outcome.Timeout, false)]
    [InlineData(RestartPolicy.OnSuccess, Outcome.Watchdog, false)]
    [InlineData(RestartPolicy.OnFailure, Outcome.CleanExit, false)]
    [InlineData(RestartPolicy.OnFailure, Outcome.FailingExitCode, true)]
    [InlineData(RestartPolicy.OnFailure, Outcome.KilledBySignal, true)]
    [InlineData(RestartPolicy.OnFailure, Outcome.Timeout, true)]
    [InlineData(RestartPolicy.OnFailure, Outcome.Watchdog, true)]
    [InlineData(RestartPolicy.OnAbnormal, Outcome.CleanExit, false)]
    [InlineData(RestartPolicy.OnAbnormal, Outcome.FailingExitCode, false)]
    [InlineData(RestartPolicy.OnAbnormal, Outcome.KilledBySignal, true)]
    [InlineData(RestartPolicy.OnAbnormal, Outcome.Timeout, true)]
    [InlineData(RestartPolicy.OnAbnormal, Outcome.Watchdog, true)]
    [InlineData(RestartPolicy.OnAbort, Outcome.CleanExit, false)]
    [InlineData(RestartPolicy.OnAbort, Outcome.FailingExitCode, false)]
    [InlineData(RestartPolicy.OnAbort, Outcome.KilledBySignal, true)]
    [InlineData(RestartPolicy.OnAbort, Outcome.Timeout, false)]
    [InlineData(RestartPolicy.OnAbort, Outcome.Watchdog, false)]
    [InlineData(RestartPolicy.OnWatchdog, Outcome.CleanExit, false)]
    [InlineData(RestartPolicy.OnWatchdog, Outcome.FailingExitCode, false)]
    [InlineData(RestartPolicy.OnWatchdog, Outcome.KilledBySignal, false)]
    [InlineData(RestartPolicy.OnWatchdog, Outcome.Timeout, false)]
    [InlineData(RestartPolicy.OnWatchdog, Outcome.Watchdog, true)]
    public void Each_policy_restarts_exactly_the_outcomes_systemd_lists(RestartPolicy policy, Outcome outcome, bool restarts)
    {
        var service = new ServiceDefinition { Restart = policy };
        var (result, exit) = Run(outcome);

        Assert.Equal(restarts, RestartDecider.ShouldRestart(service, result, exit, stopRequested: false));
    }

    [Theory]
    [InlineData(RestartPolicy.Always)]
    [InlineData(RestartPolicy.OnFailure)]
    [InlineData(RestartPolicy.OnAbnormal)]
    public void A_stop_that_was_asked_for_never_restarts(RestartPolicy policy) =>
        Assert.False(RestartDecider.ShouldRestart(new ServiceDefinition { Restart = policy }, "signal", ProcessExit.Killed(9), stopRequested: true));

    [Fact]
    public void A_start_limit_hit_never_restarts() =>
        Assert.False(RestartDecider.ShouldRestart(new ServiceDefinition { Restart = RestartPolicy.Always }, "start-limit-hit", null, stopRequested: false));

    [Fact]
    public void RestartPreventExitStatus_wins_over_the_policy()
    {
        var service = new ServiceDefinition { Restart = RestartPolicy.Always, RestartPreventExitStatus = ExitStatusSet.Parse("3 SIGUSR1") };

        Assert.False(RestartDecider.ShouldRestart(service, "exit-code", ProcessExit.Exited(3), stopRequested: false));
        Assert.False(RestartDecider.ShouldRestart(service, "signal", ProcessExit.Killed(10), stopRequested: false));
        Assert.True(RestartDecider.ShouldRestart(service, "exit-code", ProcessExit.Exited(4), stopRequested: false));
    }

    [Fact]
    public void RestartForceExitStatus_restarts_whatever_the_policy()
    {
        var service = new ServiceDefinition { Restart = RestartPolicy.No, RestartForceExitStatus = ExitStatusSet.Parse("0 42") };

        Assert.True(RestartDecider.ShouldRestart(service, "success", ProcessExit.Exited(0), stopRequested: false));
        Assert.True(RestartDecider.ShouldRestart(service, "exit-code", ProcessExit.Exited(42), stopRequested: false));
        Assert.False(RestartDecider.ShouldRestart(service, "exit-code", ProcessExit.Exited(1), stopRequested: false));
    }

    private static (string Result, ProcessExit? Exit) Run(Outcome outcome) => outcome switch
    {
        Outcome.CleanExit => ("success", ProcessExit.Exited(0)),
        Outcome.FailingExitCode => ("exit-code", ProcessExit.Exited(1)),
        Outcome.KilledBySignal => ("signal", ProcessExit.Killed(9)),
        Outcome.Timeout => ("timeout", ProcessExit.Killed(9)),
        _ => ("watchdog", ProcessExit.Killed(6)),
    };
}
