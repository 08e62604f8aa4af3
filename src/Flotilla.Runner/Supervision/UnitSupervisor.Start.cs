using Flotilla.Runner.Journal;
using Flotilla.Runner.Processes;
using Flotilla.Units.Exec;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>The start sequence of a run: ExecCondition, ExecStartPre, the main process per Type=, ExecStartPost.</summary>
internal sealed partial class UnitSupervisor
{
    /// <summary>The whole start sequence of one run; on return the unit is active, failed, or inactive again.</summary>
    private async Task StartRunAsync(ServiceDefinition definition)
    {
        if (_options.StartGate() is { } refusal)
        {
            var text = "Refused to start: " + refusal;
            _journal.Write(JournalSource.Runner, text);
            lock (_gate)
            {
                _result = ServiceResult.Resources;
                _statusText = text;
            }

            SetState(UnitActiveState.Failed, "failed");
            return;
        }

        var now = _options.Time.GetUtcNow();
        if (!_startLimiter.TryStart(now, definition.StartLimitInterval, definition.StartLimitBurst))
        {
            _journal.Write(JournalSource.Runner, "Start request repeated too quickly.");
            lock (_gate)
            {
                _result = ServiceResult.StartLimitHit;
                _statusText = "Start request repeated too quickly.";
            }

            SetState(UnitActiveState.Failed, "failed");
            return;
        }

        var invocationId = Guid.NewGuid().ToString("N");
        var run = new ServiceRun(definition, invocationId) { Cgroup = CgroupKill.TryCreate(_options.RunnerId, invocationId) };
        if (definition.Type == ServiceType.Notify)
        {
            run.Notifications = new NotifySocket("flotilla/" + _options.RunnerId + "/" + run.InvocationId);
        }

        lock (_gate)
        {
            _run = run;
            _result = ServiceResult.Success;
            _statusText = null;
        }

        using var startTimeout = SystemdTimeouts.After(definition.StartTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Abort.Token, startTimeout.Token);
        var token = linked.Token;

        if (TryComposeEnvironment(run, RunEnvironment.None) is not { } environment)
        {
            await EndRunAsync(run, ServiceResult.Resources, runExecStop: false).ConfigureAwait(false);
            return;
        }

        _journal.Write(JournalSource.Runner, $"Starting {definition.Description ?? Name}...");
        var failure = await RunStartSequenceAsync(run, environment, token).ConfigureAwait(false);
        if (failure is null)
        {
            return;
        }

        if (run.StopRequested)
        {
            await EndRunAsync(run, ServiceResult.Success, runExecStop: false).ConfigureAwait(false);
            return;
        }

        var (result, skipped) = failure.Value;
        if (skipped)
        {
            // A failing ExecCondition= is no failure: the unit just stays inactive.
            _journal.Write(JournalSource.Runner, "Skipped due to failing ExecCondition.");
            await EndRunAsync(run, ServiceResult.Success, runExecStop: false, conditionSkipped: true).ConfigureAwait(false);
            return;
        }

        if (startTimeout.IsCancellationRequested)
        {
            Fail("Start operation timed out. Terminating.");
            result = ServiceResult.Timeout;
        }

        await EndRunAsync(run, result, runExecStop: false).ConfigureAwait(false);
    }

    /// <summary>Runs ExecCondition, ExecStartPre, ExecStart, ExecStartPost; null when the unit is up.</summary>
    private async Task<(string Result, bool Skipped)?> RunStartSequenceAsync(ServiceRun run, IReadOnlyDictionary<string, string> environment, CancellationToken token)
    {
        var definition = run.Definition;
        var timeout = definition.StartTimeout;
        if (definition.ExecCondition.Count > 0)
        {
            SetState(UnitActiveState.Activating, "condition");
            foreach (var command in definition.ExecCondition)
            {
                var outcome = await RunControlAsync(run, "ExecCondition", command, environment, timeout, token).ConfigureAwait(false);
                if (outcome.Exit is { BySignal: false, Code: >= 1 and <= 254 } && outcome.Result != ServiceResult.Timeout && !token.IsCancellationRequested)
                {
                    return (ServiceResult.Success, true);
                }

                if (!outcome.Succeeded)
                {
                    return (outcome.Result, false);
                }
            }
        }

        if (definition.ExecStartPre.Count > 0)
        {
            SetState(UnitActiveState.Activating, "start-pre");
            if (await RunControlListAsync(run, "ExecStartPre", definition.ExecStartPre, environment, timeout, token).ConfigureAwait(false) is { } preFailure)
            {
                return (preFailure, false);
            }
        }

        var mainFailure = definition.Type switch
        {
            ServiceType.Oneshot => await StartOneshotAsync(run, environment, token).ConfigureAwait(false),
            ServiceType.Forking => await StartForkingAsync(run, environment, token).ConfigureAwait(false),
            ServiceType.Notify => await StartNotifyAsync(run, environment, token).ConfigureAwait(false),
            _ => StartSimple(run, environment, watch: true),
        };
        if (mainFailure is not null)
        {
            return (mainFailure, false);
        }

        if (definition.ExecStartPost.Count > 0)
        {
            SetState(UnitActiveState.Activating, "start-post");
            if (TryComposeEnvironment(run, RunEnvironment.MainPid(run)) is not { } postEnvironment)
            {
                return (ServiceResult.Resources, false);
            }

            if (await RunControlListAsync(run, "ExecStartPost", definition.ExecStartPost, postEnvironment, timeout, token).ConfigureAwait(false) is { } postFailure)
            {
                return (postFailure, false);
            }
        }

        if (definition.Type == ServiceType.Oneshot)
        {
            if (definition.RemainAfterExit)
            {
                SetState(UnitActiveState.Active, "exited");
            }
            else
            {
                // Done: a oneshot without RemainAfterExit goes through its stop sequence to inactive.
                await EndRunAsync(run, ServiceResult.Success, runExecStop: true).ConfigureAwait(false);
            }

            return null;
        }

        _journal.Write(JournalSource.Runner, $"Started {definition.Description ?? Name}.");
        SetState(UnitActiveState.Active, "running");
        return null;
    }

    private string? StartSimple(ServiceRun run, IReadOnlyDictionary<string, string> environment, bool watch)
    {
        SetState(UnitActiveState.Activating, "start");
        var prepared = CommandPreparer.Prepare("ExecStart", run.Definition.ExecStart[0], run.Definition, environment, _options.Host.HomeDirectory);
        if (prepared.Launch is null)
        {
            // As in systemd, the fork "succeeded" and the child failed before exec: the main process exited 203.
            Fail(prepared.FailureMessage!);
            var failed = prepared.SetupFailure!;
            run.MainExit = failed;
            _journal.Write(JournalSource.Runner, $"Main process exited, code={failed.CodeText}, {failed}");
            return ServiceResult.ExitCode;
        }

        if (TryLaunch("ExecStart", prepared.Launch) is not { } main)
        {
            return ServiceResult.Resources;
        }

        run.AddSession(main.Pid);
        run.Main = main;
        run.MainPid = main.Pid;
        if (watch)
        {
            _ = WatchMainAsync(run);
        }

        return null;
    }

    private async Task<string?> StartOneshotAsync(ServiceRun run, IReadOnlyDictionary<string, string> environment, CancellationToken token)
    {
        SetState(UnitActiveState.Activating, "start");
        return await RunControlListAsync(run, "ExecStart", run.Definition.ExecStart, environment, run.Definition.StartTimeout, token).ConfigureAwait(false);
    }

    /// <summary>Runs commands in order; the result of the first failure not excused by <c>-</c>, or null.</summary>
    private async Task<string?> RunControlListAsync(ServiceRun run, string phase, IReadOnlyList<ExecCommand> commands, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken token)
    {
        foreach (var command in commands)
        {
            var outcome = await RunControlAsync(run, phase, command, environment, timeout, token).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return outcome.Result;
            }
        }

        return null;
    }

    /// <summary>Runs one control command to its end (or kills it at the timeout or on cancellation).</summary>
    private async Task<ControlOutcome> RunControlAsync(ServiceRun run, string phase, ExecCommand command, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken token)
    {
        var ignoreFailure = command.Flags.HasFlag(ExecFlags.IgnoreFailure);
        var prepared = CommandPreparer.Prepare(phase, command, run.Definition, environment, _options.Host.HomeDirectory);
        if (prepared.Launch is null)
        {
            if (!ignoreFailure)
            {
                Fail(prepared.FailureMessage!);
            }
            else
            {
                _journal.Write(JournalSource.Runner, prepared.FailureMessage! + " (ignored)");
            }

            _journal.Write(JournalSource.Runner, $"{phase} process exited, code={prepared.SetupFailure!.CodeText}, {prepared.SetupFailure}");

            return new ControlOutcome(ignoreFailure, ServiceResult.ExitCode, prepared.SetupFailure);
        }

        if (token.IsCancellationRequested)
        {
            return new ControlOutcome(false, ServiceResult.Timeout, null);
        }

        if (TryLaunch(phase, prepared.Launch) is not { } process)
        {
            return new ControlOutcome(ignoreFailure, ServiceResult.Resources, null);
        }

        run.AddSession(process.Pid);
        using var timeoutSource = SystemdTimeouts.After(timeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeoutSource.Token);
        try
        {
            await process.Exit.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _journal.Write(JournalSource.Runner, $"{phase} process {process.Pid} timed out or was cancelled; killing it.");
            NativeSignals.Send(-process.Pid, NativeSignals.SigKill);
            NativeSignals.Send(process.Pid, NativeSignals.SigKill);
            await process.Exit.ConfigureAwait(false);
            return new ControlOutcome(false, ServiceResult.Timeout, process.Exit.Result);
        }

        var exit = process.Exit.Result;
        if (ExitClassifier.IsClean(exit, run.Definition, isMainProcess: false))
        {
            return new ControlOutcome(true, ServiceResult.Success, exit);
        }

        var message = $"{phase} process exited, code={exit.CodeText}, {exit}";
        if (ignoreFailure)
        {
            _journal.Write(JournalSource.Runner, message + " (ignored)");
            return new ControlOutcome(true, ServiceResult.Success, exit);
        }

        Fail(message);
        return new ControlOutcome(false, exit.BySignal ? ServiceResult.Signal : ServiceResult.ExitCode, exit);
    }

    /// <summary>Starts a process; null (with the reason in the status and journal) when the fork itself failed.</summary>
    private LaunchedProcess? TryLaunch(string phase, LaunchRequest request)
    {
        try
        {
            return ProcessLauncher.Launch(request, _journal);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Fail($"{phase}: failed to start {request.Program}: {e.Message}");
            return null;
        }
    }
}
