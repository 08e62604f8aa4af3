namespace Flotilla.Units.Services;

/// <summary>systemd's <c>Restart=</c>.</summary>
public enum RestartPolicy
{
    No,
    Always,
    OnSuccess,
    OnFailure,
    OnAbnormal,
    OnAbort,
    OnWatchdog,
}
