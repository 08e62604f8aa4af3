namespace Flotilla.Runner.Dependencies;

/// <summary>What someone asked for: <c>systemctl start|stop|restart</c>.</summary>
internal enum JobRequestKind
{
    Start,
    Stop,
    Restart,
}
