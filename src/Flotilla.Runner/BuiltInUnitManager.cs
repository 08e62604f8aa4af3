using System.Collections.Concurrent;
using Flotilla.Runner.Dependencies;
using Flotilla.Runner.Journal;
using Flotilla.Runner.Supervision;
using Microsoft.Extensions.Logging;

namespace Flotilla.Runner;

/// <summary>
/// The built-in supervisor: runs <c>.service</c> units as child processes with systemd's semantics
/// (docs/runner.md), for machines without systemd as PID 1.
/// </summary>
/// <remarks>
/// Starts and stops go through the dependency planner (docs/dependencies.md): each request becomes a
/// transaction over every unit it touches, run by <see cref="TransactionExecutor"/> against this manager's
/// single-unit jobs. On construction it kills whatever a previous incarnation with the same <see cref="BuiltInRunnerOptions.RunnerId"/>
/// left running (see <see cref="RunnerLeftovers"/>): units are restarted by the agent, never re-adopted.
/// </remarks>
public sealed partial class BuiltInUnitManager : IUnitManager, IUnitJobTarget
{
    private readonly ConcurrentDictionary<string, UnitSupervisor> _units = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly BuiltInRunnerOptions _options;
    private readonly JournalStore _journals;
    private int _disposed;

    public BuiltInUnitManager(BuiltInRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.RunnerId);
        _options = options;
        Directory.CreateDirectory(options.StateDirectory);
        _journals = new JournalStore(Path.Combine(options.StateDirectory, "journal"), options.JournalMaxBytes, options.Time);
        var killed = RunnerLeftovers.KillAll(options.RunnerId);
        if (killed > 0)
        {
            LogLeftoversKilled(options.Logger, killed, options.RunnerId);
        }
    }

    public event EventHandler<UnitStatus>? StatusChanged;

    public async Task<UnitStatus> LoadAsync(UnitSource unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_units.TryGetValue(unit.Name, out var existing))
            {
                return existing.Load(unit);
            }

            var supervisor = new UnitSupervisor(unit, _options, _journals.For(unit.Name), Publish);
            _units[unit.Name] = supervisor;
            var status = supervisor.Status;
            Publish(status);
            return status;
        }
        finally
        {
            _loading.Release();
        }
    }

    public async Task UnloadAsync(string unitName, CancellationToken cancellationToken)
    {
        if (!_units.TryGetValue(unitName, out var supervisor))
        {
            return;
        }

        await supervisor.StopOneAsync(cancellationToken).ConfigureAwait(false);
        _units.TryRemove(new KeyValuePair<string, UnitSupervisor>(unitName, supervisor));
        ForgetState(unitName);
    }

    public Task<UnitStatus> StartAsync(string unitName, CancellationToken cancellationToken) =>
        RunRequestAsync(JobRequest.Start(unitName), cancellationToken);

    public Task<UnitStatus> StopAsync(string unitName, CancellationToken cancellationToken) =>
        RunRequestAsync(JobRequest.Stop(unitName), cancellationToken);

    public Task<UnitStatus> ReloadAsync(string unitName, CancellationToken cancellationToken) =>
        Supervisor(unitName).ReloadAsync(cancellationToken);

    public IReadOnlyList<UnitStatus> List() =>
        [.. _units.Values.Select(u => u.Status).OrderBy(s => s.Name, StringComparer.Ordinal)];

    public UnitStatus? Find(string unitName) => _units.TryGetValue(unitName, out var supervisor) ? supervisor.Status : null;

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string unitName, int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unitName);
        return Task.FromResult(_journals.For(unitName).Read(maxEntries));
    }

    /// <summary>Stops every unit (each with its own stop sequence), then kills anything still carrying our runner id.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // No reaction may start anything from here on; the ones under way are waited for, and whatever one
        // of them started just before is stopped by the second round.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopEveryUnitAsync().ConfigureAwait(false);
        await Task.WhenAll(RunningReactions()).ConfigureAwait(false);
        await StopEveryUnitAsync().ConfigureAwait(false);
        RunnerLeftovers.KillAll(_options.RunnerId);
        foreach (var unit in _units.Values)
        {
            unit.Dispose();
        }

        _loading.Dispose();
        _stopping.Dispose();
    }

    private Task StopEveryUnitAsync() => Task.WhenAll(_units.Values.Select(u => u.StopOneAsync(CancellationToken.None)));

    /// <summary>Starts one unit, without its dependencies: a job of a transaction.</summary>
    internal Task<UnitStatus> StartOneAsync(string unitName, CancellationToken cancellationToken) =>
        Supervisor(unitName).StartOneAsync(cancellationToken);

    /// <summary>Stops one unit, without what depends on it: a job of a transaction.</summary>
    internal Task<UnitStatus> StopOneAsync(string unitName, CancellationToken cancellationToken) =>
        Supervisor(unitName).StopOneAsync(cancellationToken);

    Task<UnitStatus> IUnitJobTarget.StartOneAsync(string unit, CancellationToken cancellationToken) => StartOneAsync(unit, cancellationToken);

    Task<UnitStatus> IUnitJobTarget.StopOneAsync(string unit, CancellationToken cancellationToken) => StopOneAsync(unit, cancellationToken);

    private UnitSupervisor Supervisor(string unitName) =>
        _units.TryGetValue(unitName, out var supervisor) ? supervisor : throw new UnitNotLoadedException(unitName);

    private void Publish(UnitStatus status)
    {
        NoticeStateChange(status);
        try
        {
            StatusChanged?.Invoke(this, status);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A subscriber's bug must not break supervision.
            LogSubscriberFailed(_options.Logger, e, status.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed {Count} processes left by a previous runner {RunnerId}")]
    private static partial void LogLeftoversKilled(ILogger logger, int count, string runnerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A StatusChanged handler failed for {Unit}")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string unit);
}
