using Flotilla.Units.Services;

namespace Flotilla.Runner.Dependencies;

/// <summary>
/// What the planner knows about one unit of this machine: its dependencies and the state it is in right
/// now. A unit whose file could not be read is here with <see cref="UnitLoadState.Error"/> and the reason
/// in <paramref name="LoadError"/>, so that starting something that requires it can say why it cannot.
/// </summary>
internal sealed record UnitSnapshot(
    string Name,
    UnitDependencies Dependencies,
    UnitActiveState ActiveState,
    UnitLoadState LoadState = UnitLoadState.Loaded,
    string? LoadError = null)
{
    /// <summary>The planner's view of a unit the runner reports on, with the dependencies read from its file.</summary>
    public static UnitSnapshot From(UnitStatus status, UnitDependencies dependencies)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new UnitSnapshot(
            status.Name,
            dependencies ?? UnitDependencies.None,
            status.ActiveState,
            status.LoadState,
            status.LoadState == UnitLoadState.Loaded ? null : status.StatusText);
    }

    /// <summary>systemd's "active or reloading": a start of this unit would change nothing.</summary>
    public bool IsActiveOrReloading => ActiveState is UnitActiveState.Active or UnitActiveState.Reloading;

    /// <summary>systemd's "inactive or failed": a stop of this unit would change nothing.</summary>
    public bool IsInactiveOrFailed => ActiveState is UnitActiveState.Inactive or UnitActiveState.Failed;
}
