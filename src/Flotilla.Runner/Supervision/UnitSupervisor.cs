using System.Globalization;
using Flotilla.Runner.Journal;
using Flotilla.Runner.Processes;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Environments;
using Flotilla.Units.Exec;
using Flotilla.Units.Names;
using Flotilla.Units.Services;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;
using Flotilla.Units.Values;
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
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    private readonly SemaphoreSlim _jobs = new(1, 1);
    private readonly Lock _gate = new();
    private readonly BuiltInRunnerOptions _options;
    private readonly UnitJournal _journal;
    private readonly Action<UnitStatus> _publish;
    private readonly StartLimiter _startLimiter = new();

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

    /// <summary>Takes a new file; a running unit keeps running with the definition it started with.</summary>
    public async Task<UnitStatus> LoadAsync(UnitSource source, CancellationToken cancellationToken)
    {
        await _jobs.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (source.Hash == _source.Hash && source.Text == _source.Text)
            {
                return Status;
            }

            lock (_gate)
            {
                _source = source;
            }

            Parse(source);
            var status = Status;
            _publish(status);
            return status;
        }
        finally
        {
            _jobs.Release();
        }
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
            await starting.Abort.CancelAsync().ConfigureAwait(false);
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
                await EndRunAsync(run, ServiceResult.Success, runExecStop: run.MainAlive || IsRemainingOneshot(run)).ConfigureAwait(false);
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
            var environment = ComposeEnvironment(run, extra: MainPidVariables(run));
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
        var (definition, error) = ReadDefinition(source, _options.Host);
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

    /// <summary>Parses a unit for the built-in runner; never throws for bad text.</summary>
    internal static (ServiceDefinition? Definition, string? Error) ReadDefinition(UnitSource source, IHostFacts host)
    {
        if (!UnitName.TryParse(source.Name, out var name))
        {
            return (null, $"invalid unit name \"{source.Name}\"");
        }

        if (name.IsTemplate)
        {
            return (null, $"{source.Name} is a template: only its instances can run");
        }

        if (name.Type != "service")
        {
            return (null, $"unit type .{name.Type} is not supported by the built-in runner");
        }

        try
        {
            var diagnostics = new List<UnitDiagnostic>();
            var file = UnitFileParser.Parse(source.Name, source.Text, diagnostics);
            var definition = ServiceDefinitionReader.Read(file, new SpecifierExpander(name, host), diagnostics);
            var error = diagnostics.FirstOrDefault(d => d.IsError);
            return error is null ? (definition, null) : (null, error.ToString());
        }
        catch (Exception e) when (e is UnitSyntaxException or UnitValueException or FormatException or ArgumentException)
        {
            return (null, e.Message);
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

        var run = new ServiceRun(definition, Guid.NewGuid().ToString("N"));
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

        using var startTimeout = Finite(definition.StartTimeout) is { } timeout
            ? new CancellationTokenSource(timeout, _options.Time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Abort.Token, startTimeout.Token);
        var token = linked.Token;

        IReadOnlyDictionary<string, string> environment;
        try
        {
            environment = ComposeEnvironment(run, extra: NoVariables);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvironmentFileException)
        {
            Fail($"Failed to load environment files: {e.Message}");
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
            var postEnvironment = ComposeEnvironment(run, extra: MainPidVariables(run));
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

        var main = ProcessLauncher.Launch(prepared.Launch, _journal);
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

            return new ControlOutcome(ignoreFailure, ServiceResult.ExitCode, prepared.SetupFailure);
        }

        if (token.IsCancellationRequested)
        {
            return new ControlOutcome(false, ServiceResult.Timeout, null);
        }

        var process = ProcessLauncher.Launch(prepared.Launch, _journal);
        run.AddSession(process.Pid);
        using var timeoutSource = Finite(timeout) is { } finite ? new CancellationTokenSource(finite, _options.Time) : new CancellationTokenSource();
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

    /// <summary>Waits for the main process to end on its own and reacts as systemd does.</summary>
    private async Task WatchMainAsync(ServiceRun run)
    {
        var exit = await WaitForMainExitAsync(run).ConfigureAwait(false);
        bool restart;
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
            restart = await EndRunAsync(run, result, runExecStop: clean).ConfigureAwait(false);
        }
        finally
        {
            _jobs.Release();
        }

        if (restart)
        {
            await RestartAfterDelayAsync().ConfigureAwait(false);
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
    /// final state. Returns true when the policy says to restart (the caller waits RestartSec outside the job lock).
    /// </summary>
    private async Task<bool> EndRunAsync(ServiceRun run, string result, bool runExecStop, bool conditionSkipped = false)
    {
        var definition = run.Definition;
        if (runExecStop && definition.ExecStop.Count > 0)
        {
            SetState(UnitActiveState.Deactivating, "stop");
            var environment = ComposeEnvironment(run, extra: MainPidVariables(run));
            foreach (var command in definition.ExecStop)
            {
                await RunControlAsync(run, "ExecStop", command, environment, definition.StopTimeout, CancellationToken.None).ConfigureAwait(false);
            }
        }

        SetState(UnitActiveState.Deactivating, "stop-sigterm");
        var timedOut = await KillAsync(run).ConfigureAwait(false);
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

            IReadOnlyDictionary<string, string> environment;
            try
            {
                environment = ComposeEnvironment(run, extra);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvironmentFileException)
            {
                environment = BaseEnvironment(run, extra);
            }

            foreach (var command in definition.ExecStopPost)
            {
                await RunControlAsync(run, "ExecStopPost", command, environment, definition.StopTimeout, CancellationToken.None).ConfigureAwait(false);
            }

            // What ExecStopPost left behind does not outlive the run.
            if (definition.KillMode != KillMode.None)
            {
                await KillRemainingAsync(run, NativeSignals.SigKill, definition.StopTimeout).ConfigureAwait(false);
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
            _pendingRestart = new CancellationTokenSource();
            SetState(UnitActiveState.Activating, "auto-restart");
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
        if (!failed)
        {
            _journal.Write(JournalSource.Runner, conditionSkipped ? $"{Name}: condition check skipped the start." : $"Stopped {definition.Description ?? Name}.");
        }

        SetState(failed ? UnitActiveState.Failed : UnitActiveState.Inactive, failed ? "failed" : "dead");
        return false;
    }

    /// <summary>Waits RestartSec (a stop or start cancels the wait), then starts the unit again.</summary>
    private async Task RestartAfterDelayAsync()
    {
        var pending = _pendingRestart;
        if (pending is null)
        {
            return;
        }

        var delay = _run?.Definition.RestartDelay ?? TimeSpan.Zero;
        try
        {
            await Task.Delay(delay, _options.Time, pending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
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

    /// <summary>Sends the stop signal per KillMode=, then SIGKILL after TimeoutStopSec; true when it timed out.</summary>
    private async Task<bool> KillAsync(ServiceRun run)
    {
        var definition = run.Definition;
        var timeout = definition.StopTimeout;
        switch (definition.KillMode)
        {
            case KillMode.None:
                return false;
            case KillMode.Process:
            case KillMode.Mixed:
                if (run.MainAlive && run.MainPid is { } pid)
                {
                    NativeSignals.Send(pid, definition.KillSignal);
                    NativeSignals.Send(pid, NativeSignals.SigCont);
                }

                var mainGone = await WaitUntilAsync(() => !run.MainAlive, timeout).ConfigureAwait(false);
                if (!mainGone && definition.SendSigKill && run.MainPid is { } stubborn)
                {
                    SetState(UnitActiveState.Deactivating, "stop-sigkill");
                    NativeSignals.Send(stubborn, NativeSignals.SigKill);
                    await WaitUntilAsync(() => !run.MainAlive, timeout).ConfigureAwait(false);
                }

                if (definition.KillMode == KillMode.Mixed)
                {
                    await KillRemainingAsync(run, NativeSignals.SigKill, timeout).ConfigureAwait(false);
                }

                await WaitForMainReapedAsync(run).ConfigureAwait(false);
                return !mainGone;
            default:
                if (await KillRemainingAsync(run, definition.KillSignal, timeout).ConfigureAwait(false))
                {
                    await WaitForMainReapedAsync(run).ConfigureAwait(false);
                    return false;
                }

                if (definition.SendSigKill)
                {
                    SetState(UnitActiveState.Deactivating, "stop-sigkill");
                    await KillRemainingAsync(run, NativeSignals.SigKill, timeout).ConfigureAwait(false);
                }

                await WaitForMainReapedAsync(run).ConfigureAwait(false);
                return true;
        }
    }

    /// <summary>
    /// Signals every process of the run (each one once; with SIGKILL also every one found later) until none
    /// is left or the timeout passes; true when none is left.
    /// </summary>
    private async Task<bool> KillRemainingAsync(ServiceRun run, int signal, TimeSpan timeout)
    {
        var signalled = new HashSet<int>();
        return await WaitUntilAsync(
            () =>
            {
                var pids = run.FindProcesses();
                foreach (var pid in pids)
                {
                    if (signalled.Add(pid) || signal == NativeSignals.SigKill)
                    {
                        NativeSignals.Send(pid, signal);
                        if (signal != NativeSignals.SigKill)
                        {
                            NativeSignals.Send(pid, NativeSignals.SigCont);
                        }
                    }
                }

                return pids.Count == 0;
            },
            timeout).ConfigureAwait(false);
    }

    /// <summary>The main process's exit status comes from .NET's reaping; wait for it so results are right.</summary>
    private static async Task WaitForMainReapedAsync(ServiceRun run)
    {
        if (run.Main is { } main)
        {
            try
            {
                await main.Exit.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Unkillable (uninterruptible sleep): report what we know.
            }
        }
    }

    private async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Finite(timeout) is { } finite ? _options.Time.GetUtcNow() + finite : DateTimeOffset.MaxValue;
        while (!condition())
        {
            if (_options.Time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, _options.Time).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>systemd's "infinity" (and anything too long to wait for) as null.</summary>
    private static TimeSpan? Finite(TimeSpan span) => span >= TimeSpan.FromDays(365) ? null : span;

    private static bool IsRemainingOneshot(ServiceRun run) => run.Definition.Type == ServiceType.Oneshot && run.Definition.RemainAfterExit;

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

    private static Dictionary<string, string> MainPidVariables(ServiceRun run) =>
        run.MainPid is { } pid && run.MainAlive
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["MAINPID"] = pid.ToString(CultureInfo.InvariantCulture) }
            : [];

    /// <summary>The runner's defaults: PATH, INVOCATION_ID, the agent's variables, plus <paramref name="extra"/>.</summary>
    private List<KeyValuePair<string, string>> BaseDefaults(ServiceRun run, IReadOnlyDictionary<string, string> extra)
    {
        var path = string.Join(':', _options.PathPrepend.Append(ExecProgramResolver.SearchPath));
        var defaults = new List<KeyValuePair<string, string>>
        {
            new("PATH", path),
            new("INVOCATION_ID", run.InvocationId),
        };
        defaults.AddRange(_options.ExtraEnvironment);
        if (run.NotifySocket is { } socket)
        {
            defaults.Add(new("NOTIFY_SOCKET", socket));
        }

        defaults.AddRange(extra);
        return defaults;
    }

    /// <summary>
    /// The environment of one command: defaults, Environment=, EnvironmentFile= (read now, as systemd reads
    /// them at each exec), UnsetEnvironment=, and last the runner's markers, which a unit cannot remove.
    /// </summary>
    private IReadOnlyDictionary<string, string> ComposeEnvironment(ServiceRun run, IReadOnlyDictionary<string, string> extra)
    {
        var definition = run.Definition;
        var files = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (var file in definition.EnvironmentFiles)
        {
            if (!File.Exists(file.Path))
            {
                if (file.IsOptional)
                {
                    continue;
                }

                throw new FileNotFoundException($"{file.Path}: No such file or directory", file.Path);
            }

            files.Add(EnvironmentFileParser.Parse(File.ReadAllText(file.Path)));
        }

        var composed = EnvironmentComposer.Compose(BaseDefaults(run, extra), definition.Environment, files, definition.UnsetEnvironment);
        return WithMarkers(run, composed);
    }

    /// <summary>The defaults and markers only: for ExecStopPost when the environment files cannot be read.</summary>
    private IReadOnlyDictionary<string, string> BaseEnvironment(ServiceRun run, IReadOnlyDictionary<string, string> extra) =>
        WithMarkers(run, EnvironmentComposer.Compose(BaseDefaults(run, extra), [], [], []));

    private Dictionary<string, string> WithMarkers(ServiceRun run, IReadOnlyDictionary<string, string> environment)
    {
        var result = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            [RunnerLeftovers.RunnerIdVariable] = _options.RunnerId,
            ["FLOTILLA_UNIT"] = Name,
            [ServiceRun.InvocationVariable] = run.InvocationId,
        };
        return result;
    }

    public void Dispose()
    {
        _pendingRestart?.Dispose();
        _jobs.Dispose();
    }

    private sealed record ControlOutcome(bool Succeeded, string Result, ProcessExit? Exit);
}
