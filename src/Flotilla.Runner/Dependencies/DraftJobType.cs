namespace Flotilla.Runner.Dependencies;

/// <summary>
/// Job types while a transaction is being built. A restart stays one job until the end, because
/// systemd merges it differently from a stop plus a start (restart + start = restart; stop + start conflict).
/// </summary>
internal enum DraftJobType
{
    Start,
    Stop,
    VerifyActive,
    Restart,
}
