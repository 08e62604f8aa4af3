namespace Flotilla.Runner;

/// <summary>systemd's LOAD column.</summary>
public enum UnitLoadState
{
    Loaded,
    NotFound,
    Error,
}
