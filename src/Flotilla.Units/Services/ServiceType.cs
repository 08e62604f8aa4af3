namespace Flotilla.Units.Services;

/// <summary>systemd's <c>Type=</c>: when a service counts as started.</summary>
public enum ServiceType
{
    Simple,
    Exec,
    Forking,
    Oneshot,
    Notify,
    Idle,
}
