using Flotilla.Runner.Journal;
using Flotilla.Runner.Processes;
using Flotilla.Units.Environments;
using Flotilla.Units.Exec;
using Flotilla.Units.Services;
using Microsoft.Extensions.Logging;

namespace Flotilla.Runner.Supervision;

/// <summary>
/// Runs one service: its start sequence, its main process, its stop sequence and its restarts, with
/// systemd's states. Jobs (start, stop, reload, and the reaction to the main process dying) run one at a
/// time under <see cref="_jobs"/>; a stop cancels a start that is still in progress.
/// </summary>
internal sealed partial class UnitSupervisor : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly SemaphoreSlim _jobs = new(1, 1);
    private readonly Lock _gate = new();
    private readonly BuiltInRunnerOptions _options;
    private readonly UnitJournal _journal;
    private readonly Action<UnitStatus> _publish;
    private readonly StartLimiter _startLimiter = new();
    private readonly RunEnvironment _environment;
    private readonly RunTermination _termination;

    private UnitSource _source;
    private ServiceDefinition? _definition;
    private UnitLoadState _loadState;
    private string? _loadError;

    private ServiceRun? _run;
    private CancellationTokenSource? _pendingRestart;
    private UnitActiveState _active = UnitActiveState.Inactive;
    private string _sub = "dead";
    private string _result = ServiceResult.Success;
    private string? _statusText;
    private DateTimeOffset _since;

    public UnitSupervisor(UnitSource source, BuiltInRunnerOptions options, UnitJournal journal, Action<UnitStatus> publish)
    {
        _options = options;
        _journal = journal;
        _publish = publish;
        _source = source;
        _since = options.Time.GetUtcNow();
        _environment = new RunEnvironment(options, source.Name);
        _termination = new RunTermination(options.Time, () => SetState(UnitActiveState.Deactivating, "stop-sigkill"));
        Parse(source);
    }

    public string Name => _source.Name;

    public UnitStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new UnitStatus(
                    _source.Name,
                    _source.Hash,
                    _loadState,
                    _active,
                    _sub,
                    _result,
                    _active is UnitActiveState.Inactive or UnitActiveState.Failed ? null : _run?.MainPid,
                    _loadState == UnitLoadState.Loaded ? _statusText : _loadError,
                    _since);
            }
        }
    }

    /// <summary>
    /// Takes a new file; a running unit keeps running with the definition it started with. Not a job: it does
    /// not wait for a start in progress (which may take as long as TimeoutStartSec).
    /// </summary>
    public UnitStatus Load(UnitSource source)
    {
        bool unchanged;
        lock (_gate)
        {
            unchanged = source.Hash == _source.Hash && source.Text == _source.Text;
            _source = source;
        }

        if (unchanged)
        {
            return Status;
        }

        Parse(source);
        var status = Status;
        _publish(status);
        return status;
    }

    public async Task<UnitStatus> StartOneAsync(CancellationToken cancellationToken)
    {
        await _jobs.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_run is not null && _pendingRestart is null)
            {
                return Status;
            }

            // A start asked for while waiting to restart starts now.
            CancelPendingRestart();
            if (_definition is null)
            {
                _journal.Write(JournalSource.Runner, "Cannot start: " + _loadError);
                return Status;
            }

            await StartRunAsync(_definition).ConfigureAwait(false);
            return Status;
        }
        finally
        {
            _jobs.Release();
        }
    }

    public async Task<UnitStatus> StopOneAsync(CancellationToken cancellationToken)
    {
        // A start still in progress is abandoned rather than waited for (it may never finish).
        var starting = Volatile.Read(ref _run);
        if (starting is not null)
        {
            starting.StopRequested = true;
            try
            {
                await starting.Abort.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // That run ended meanwhile.
            }
        }

        await _jobs.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (CancelPendingRestart())
            {
                SetState(_result == ServiceResult.Success ? UnitActiveState.Inactive : UnitActiveState.Failed, _result == ServiceResult.Success ? "dead" : "failed");
                return Status;
            }

            if (_run is { } run)
            {
                run.StopRequested = true;
                await EndRunAsync(run, ServiceResult.Success, runExecStop: run.MainAlive || run.Definition.RemainAfterExit).ConfigureAwait(false);
            }

            return Status;
        }
        finally
        {
            _jobs.Release();
        }
    }

    public async Task<UnitStatus> ReloadAsync(CancellationToken cancellationToken)
    {
        await _jobs.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_run is not { } run || _active != UnitActiveState.Active)
            {
                _journal.Write(JournalSource.Runner, "Reload refused: the unit is not active");
                return Status;
            }

            SetState(UnitActiveState.Reloading, "reload");
            var environment = ComposeEnvironmentOrDefaults(run, RunEnvironment.MainPid(run));
            var ok = true;
            foreach (var command in run.Definition.ExecReload)
            {
                var outcome = await RunControlAsync(run, "ExecReload", command, environment, run.Definition.StartTimeout, CancellationToken.None).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    ok = false;
                    break;
                }
            }

            if (!ok)
            {
                _journal.Write(JournalSource.Runner, "Reload failed");
            }

            SetState(UnitActiveState.Active, run.MainPid is null ? "exited" : "running");
            return Status;
        }
        finally
        {
            _jobs.Release();
        }
    }

    private void Parse(UnitSource source)
    {
        var (definition, error) = ServiceLoader.Read(source, _options.Host);
        lock (_gate)
        {
            _definition = definition;
            _loadError = error;
            _loadState = definition is null ? UnitLoadState.Error : UnitLoadState.Loaded;
        }

        if (error is not null)
        {
            _journal.Write(JournalSource.Runner, "Failed to load: " + error);
        }
    }

    private bool CancelPendingRestart()
    {
        if (_pendingRestart is not { } pending)
        {
            return false;
        }

        _pendingRestart = null;
        pending.Cancel();
        pending.Dispose();
        if (_run is { } run)
        {
            _run = null;
            run.Dispose();
        }

        return true;
    }

    /// <summary>The whole start sequence of one run; on return the unit is active, failed, or inactive again.</summary>
    private async Task StartRunAsync(ServiceDefinition definition)
    {
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
                await RunControlAsync(run, "ExecStop", command, environment, definition.StopTimeout, CancellationToken.None).ConfigureAwait(false);
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
                await RunControlAsync(run, "ExecStopPost", command, environment, definition.StopTimeout, CancellationToken.None).ConfigureAwait(false);
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

    private void Fail(string message)
    {
        _journal.Write(JournalSource.Runner, message);
        lock (_gate)
        {
            _statusText = message;
        }
    }

    private void SetState(UnitActiveState active, string sub)
    {
        lock (_gate)
        {
            if (_active == active && _sub == sub)
            {
                return;
            }

            _active = active;
            _sub = sub;
            _since = _options.Time.GetUtcNow();
        }

        _publish(Status);
    }

    private void SetStatusText(string text)
    {
        lock (_gate)
        {
            _statusText = text;
        }

        _publish(Status);
    }

    /// <summary>The composed environment, or null (with the reason in the status and journal) when a file cannot be read.</summary>
    private IReadOnlyDictionary<string, string>? TryComposeEnvironment(ServiceRun run, IReadOnlyDictionary<string, string> extra)
    {
        try
        {
            return _environment.Compose(run, extra);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvironmentFileException)
        {
            Fail($"Failed to load environment files: {e.Message}");
            return null;
        }
    }

    /// <summary>For stop commands, which must run even when the environment files have gone: the defaults then.</summary>
    private IReadOnlyDictionary<string, string> ComposeEnvironmentOrDefaults(ServiceRun run, IReadOnlyDictionary<string, string> extra)
    {
        try
        {
            return _environment.Compose(run, extra);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvironmentFileException)
        {
            _journal.Write(JournalSource.Runner, $"Failed to load environment files: {e.Message}; using the defaults");
            return _environment.DefaultsOnly(run, extra);
        }
    }

    /// <summary>
    /// Cancels a pending restart. The job semaphore is left to the garbage collector: watchers of processes
    /// that outlive the manager may still wait on it, and it holds no wait handle.
    /// </summary>
    public void Dispose() => _pendingRestart?.Cancel();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Unit} failed with result {Result}: {Reason}")]
    private static partial void LogUnitFailed(ILogger logger, string unit, string result, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Unit} ended with result {Result}; restarting in {Delay}")]
    private static partial void LogRestartScheduled(ILogger logger, string unit, string result, TimeSpan delay);

    private sealed record ControlOutcome(bool Succeeded, string Result, ProcessExit? Exit);
}
