namespace Flotilla.Units.Services;

/// <summary>systemd's <c>KillMode=</c>: which processes of the unit receive the stop signal.</summary>
public enum KillMode
{
    ControlGroup,
    Mixed,
    Process,
    None,
}
