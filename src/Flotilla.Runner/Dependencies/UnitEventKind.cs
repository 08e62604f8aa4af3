namespace Flotilla.Runner.Dependencies;

/// <summary>A change of state that no job asked for.</summary>
internal enum UnitEventKind
{
    /// <summary>The unit was active (or activating) and is now inactive: its process exited, a start did not come up, ...</summary>
    BecameInactive,

    /// <summary>The unit entered the failed state for good (no automatic restart follows).</summary>
    Failed,
}
