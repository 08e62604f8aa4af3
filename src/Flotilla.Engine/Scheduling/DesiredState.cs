namespace Flotilla.Engine.Scheduling;

/// <summary>
/// fleet's target state of a unit as the engine sees it. Mirrors the registry's UnitDesiredState so the
/// pure engine does not depend on the registry project.
/// </summary>
public enum DesiredState
{
    /// <summary>Submitted only: must not be scheduled anywhere.</summary>
    Inactive,

    /// <summary>Scheduled and loaded on a machine, not started.</summary>
    Loaded,

    /// <summary>Scheduled and running.</summary>
    Launched,
}
