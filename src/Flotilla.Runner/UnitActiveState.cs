namespace Flotilla.Runner;

/// <summary>systemd's ACTIVE column.</summary>
public enum UnitActiveState
{
    Inactive,
    Activating,
    Active,
    Deactivating,
    Reloading,
    Failed,
}
