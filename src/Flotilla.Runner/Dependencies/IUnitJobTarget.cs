namespace Flotilla.Runner.Dependencies;

/// <summary>
/// What the transaction executor needs from a runner: start or stop one unit, without looking at its
/// dependencies (the transaction already did), and read a unit's status. The built-in unit manager
/// implements it; tests use an in-memory one.
/// </summary>
internal interface IUnitJobTarget
{
    /// <summary>Starts one unit and returns its status once the start has finished (active, failed, or inactive again for a oneshot).</summary>
    Task<UnitStatus> StartOneAsync(string unit, CancellationToken cancellationToken);

    /// <summary>Stops one unit and returns its status once it is inactive or failed.</summary>
    Task<UnitStatus> StopOneAsync(string unit, CancellationToken cancellationToken);

    /// <summary>The unit's status now, or null when it is not loaded.</summary>
    UnitStatus? Find(string unit);
}
