namespace Flotilla.Runner.Supervision;

/// <summary>systemd's texts for the result of a service run (the <c>Result=</c> property and <c>$SERVICE_RESULT</c>).</summary>
internal static class ServiceResult
{
    public const string Success = "success";
    public const string ExitCode = "exit-code";
    public const string Signal = "signal";
    public const string CoreDump = "core-dump";
    public const string Timeout = "timeout";
    public const string Watchdog = "watchdog";
    public const string Resources = "resources";
    public const string StartLimitHit = "start-limit-hit";
    public const string Protocol = "protocol";

    /// <summary>
    /// Not a result of a run but systemd's job result for a start cancelled because a unit it needs did not
    /// come up; spec/systemd.md shows it as the unit's result (the unit itself stays inactive).
    /// </summary>
    public const string Dependency = "dependency";
}
