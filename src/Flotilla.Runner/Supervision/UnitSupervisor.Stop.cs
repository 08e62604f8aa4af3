using Flotilla.Runner.Journal;
using Flotilla.Runner.Processes;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>How a run ends: the main process exiting, the stop sequence, and the restart that may follow.</summary>
internal sealed partial class UnitSupervisor
{
    /// <summary>Waits for the main process to end on its own and reacts as systemd does.</summary>
    private async Task WatchMainAsync(ServiceRun run)
    {
        var exit = await WaitForMainExitAsync(run).ConfigureAwait(false);
        await _jobs.WaitAsync().ConfigureAwait(false);
        try
        {
            // A stop job (or a failed start) already dealt with this run.
            if (!ReferenceEquals(_run, run) || run.StopRequested)
            {
                return;
            }

            run.MainExit = exit;
            _journal.Write(JournalSource.Runner, $"Main process exited, code={exit.CodeText}, {exit}");
            var clean = ExitClassifier.IsClean(exit, run.Definition, isMainProcess: true);
            if (clean && run.Definition.RemainAfterExit)
            {
                SetState(UnitActiveState.Active, "exited");
                return;
            }

            var result = ExitClassifier.Result(exit, run.Definition, isMainProcess: true);
            if (!clean)
            {
                Fail($"Main process exited, code={exit.CodeText}, {exit}");
            }

            // systemd skips ExecStop= when the main process died uncleanly.
            await EndRunAsync(run, result, runExecStop: clean).ConfigureAwait(false);
        }
        finally
        {
            _jobs.Release();
        }
    }

    private async Task<ProcessExit> WaitForMainExitAsync(ServiceRun run)
    {
        if (run.Main is { } main && main.Pid == run.MainPid)
        {
            return await main.Exit.ConfigureAwait(false);
        }

        // Not our child (forking, or MAINPID= from a notify service): we cannot wait for it, only watch it go.
        while (run.MainPid is { } pid && ProcessTable.IsAlive(pid))
        {
            await Task.Delay(PollInterval * 4, _options.Time).ConfigureAwait(false);
        }

        return ProcessExit.Exited(0);
    }

    /// <summary>
    /// The stop sequence: ExecStop, the kill signal (then SIGKILL after the timeout), ExecStopPost, then the
    /// final state, or auto-restart when the policy says so. Returns true when a restart is scheduled.
    /// </summary>
    private async Task<bool> EndRunAsync(ServiceRun run, string result, bool runExecStop, bool conditionSkipped = false)
    {
        var definition = run.Definition;
        if (runExecStop && definition.ExecStop.Count > 0)
        {
            SetState(UnitActiveState.Deactivating, "stop");
            var environment = ComposeEnvironmentOrDefaults(run, RunEnvironment.MainPid(run));
            foreach (var command in definition.ExecStop)
            {
                // A failing stop command fails the unit (as in systemd), but the stop goes on.
                var outcome = await RunControlAsync(run, "ExecStop", command, environment, definition.StopTimeout, CancellationToken.None).ConfigureAwait(false);
                if (!outcome.Succeeded && result == ServiceResult.Success)
                {
                    result = outcome.Result;
                }
            }
        }

        SetState(UnitActiveState.Deactivating, "stop-sigterm");
        var timedOut = await _termination.KillAsync(run).ConfigureAwait(false);
        if (timedOut && result == ServiceResult.Success)
        {
            Fail("State 'stop-sigterm' timed out. Killing.");
            result = ServiceResult.Timeout;
        }

        // A main process that ended badly while being stopped still fails the unit.
        if (run.Main is { } main && main.Exit.IsCompletedSuccessfully && result == ServiceResult.Success)
        {
            run.MainExit ??= main.Exit.Result;
            result = ExitClassifier.Result(run.MainExit, definition, isMainProcess: true);
            if (result != ServiceResult.Success)
            {
                Fail($"Main process exited, code={run.MainExit.CodeText}, {run.MainExit}");
            }
        }

        if (definition.ExecStopPost.Count > 0)
        {
            SetState(UnitActiveState.Deactivating, "stop-post");
            var extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["SERVICE_RESULT"] = result };
            if (run.MainExit is { } exit)
            {
                extra["EXIT_CODE"] = exit.CodeText;
                extra["EXIT_STATUS"] = exit.StatusText;
            }

            var environment = ComposeEnvironmentOrDefaults(run, extra);

            foreach (var command in definition.ExecStopPost)
            {
                var outcome = await RunControlAsync(run, "ExecStopPost", command, environment, definition.StopTimeout, CancellationToken.None).ConfigureAwait(false);
                if (!outcome.Succeeded && result == ServiceResult.Success)
                {
                    result = outcome.Result;
                }
            }

            // What ExecStopPost left behind does not outlive the run (systemd's final-sigkill).
            if (definition.KillMode is KillMode.ControlGroup or KillMode.Mixed)
            {
                await _termination.KillRemainingAsync(run, NativeSignals.SigKill, definition.StopTimeout).ConfigureAwait(false);
            }
        }

        var restart = !conditionSkipped && RestartDecider.ShouldRestart(definition, result, run.MainExit, run.StopRequested);
        lock (_gate)
        {
            // A stop asked for while a failed run was ending does not wipe the failure.
            if (!run.StopRequested || _result == ServiceResult.Success)
            {
                _result = result;
            }
        }

        if (restart)
        {
            var pending = new CancellationTokenSource();
            _pendingRestart = pending;
            LogRestartScheduled(_options.Logger, Name, result, definition.RestartDelay);
            SetState(UnitActiveState.Activating, "auto-restart");

            // Waits outside the job lock, which the caller holds: a stop or start may cancel the wait.
            _ = RestartAfterDelayAsync(pending, definition.RestartDelay);
            return true;
        }

        lock (_gate)
        {
            if (ReferenceEquals(_run, run))
            {
                _run = null;
            }
        }

        run.Dispose();
        var failed = _result != ServiceResult.Success;
        if (failed)
        {
            LogUnitFailed(_options.Logger, Name, _result, _statusText);
        }
        else
        {
            _journal.Write(JournalSource.Runner, conditionSkipped ? $"{Name}: condition check skipped the start." : $"Stopped {definition.Description ?? Name}.");
        }

        SetState(failed ? UnitActiveState.Failed : UnitActiveState.Inactive, failed ? "failed" : "dead");
        return false;
    }

    /// <summary>Waits RestartSec (a stop or start cancels the wait), then starts the unit again.</summary>
    private async Task RestartAfterDelayAsync(CancellationTokenSource pending, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _options.Time, pending.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        await _jobs.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_pendingRestart, pending))
            {
                return;
            }

            var previous = _run;
            _pendingRestart = null;
            pending.Dispose();
            _journal.Write(JournalSource.Runner, "Scheduled restart job, restarting.");

            // The restart uses the definition loaded now, as a systemd restart after daemon-reload does.
            var definition = _definition ?? previous?.Definition;
            lock (_gate)
            {
                _run = null;
            }

            previous?.Dispose();
            if (definition is not null)
            {
                await StartRunAsync(definition).ConfigureAwait(false);
            }
        }
        finally
        {
            _jobs.Release();
        }
    }
}
