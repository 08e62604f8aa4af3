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
}
