using Flotilla.Runner.Journal;
using Flotilla.Runner.Processes;
using Flotilla.Units.Environments;
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
                    _active is UnitActiveState.Inactive or UnitActiveState.Failed || _pendingRestart is not null ? null : _run?.MainPid,
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
