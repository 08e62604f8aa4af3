namespace Flotilla.Runner;

/// <summary>
/// Runs the units of one machine: the agent's only way to touch processes. Two implementations share
/// this contract: the built-in supervisor (the default everywhere) and the systemd backend (only where
/// <c>/run/systemd/system</c> exists).
/// </summary>
/// <remarks>
/// Every method is safe to call concurrently; jobs on one unit run one at a time, in call order.
/// Methods return when the job has finished (a start returns once the unit is active, has failed or
/// was cancelled by a dependency), never while processes are half-started or half-stopped.
/// A unit name that is not loaded is an <see cref="UnitNotLoadedException"/>.
/// </remarks>
public interface IUnitManager : IAsyncDisposable
{
    /// <summary>Raised after every change of a unit's status (state, sub-state, result, hash).</summary>
    event EventHandler<UnitStatus>? StatusChanged;

    /// <summary>
    /// Loads a unit, or replaces the file of a loaded one (a running unit keeps running with its old
    /// definition until it is restarted, as after systemd's daemon-reload). Loading the same hash again
    /// changes nothing. A file that cannot be read is loaded with <see cref="UnitLoadState.Error"/> and
    /// the reason in <see cref="UnitStatus.StatusText"/>; it never throws for bad unit text.
    /// </summary>
    Task<UnitStatus> LoadAsync(UnitSource unit, CancellationToken cancellationToken);

    /// <summary>Stops the unit if it runs, then forgets it. Unloading an unknown unit does nothing.</summary>
    Task UnloadAsync(string unitName, CancellationToken cancellationToken);

    /// <summary>Starts the unit (and what it requires), returning its status when the job is done.</summary>
    Task<UnitStatus> StartAsync(string unitName, CancellationToken cancellationToken);

    /// <summary>Stops the unit (and what is bound to it), returning its status when the job is done.</summary>
    Task<UnitStatus> StopAsync(string unitName, CancellationToken cancellationToken);

    /// <summary>Runs ExecReload of an active unit.</summary>
    Task<UnitStatus> ReloadAsync(string unitName, CancellationToken cancellationToken);

    /// <summary>The status of every loaded unit, by name.</summary>
    IReadOnlyList<UnitStatus> List();

    /// <summary>The status of one unit, or null when it is not loaded.</summary>
    UnitStatus? Find(string unitName);

    /// <summary>The last <paramref name="maxEntries"/> journal entries of a unit, oldest first, also after it stopped or was unloaded.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string unitName, int maxEntries, CancellationToken cancellationToken);
}
