using System.Globalization;
using Flotilla.Units.Values;

namespace Flotilla.Runner.Processes;

/// <summary>How a process ended: an exit code, or the signal that killed it.</summary>
internal sealed record ProcessExit(int Code, int Signal)
{
    /// <summary>systemd's exit codes for failures before exec (systemd.exec(5), "Process exit codes").</summary>
    public const int ChdirFailed = 200;
    public const int ExecFailed = 203;
    public const int GroupFailed = 216;
    public const int UserFailed = 217;

    public static ProcessExit Exited(int code) => new(code, 0);

    public static ProcessExit Killed(int signal) => new(0, signal);

    /// <summary>
    /// .NET reports a death by signal N as exit code 128+N and does not expose the raw wait status; read
    /// codes 129..192 as signals. A program that itself calls exit(143) is therefore seen as killed by SIGTERM.
    /// </summary>
    public static ProcessExit FromDotNetExitCode(int code) =>
        code is > 128 and <= 128 + SignalName.RealTimeMax ? Killed(code - 128) : Exited(code);

    public bool BySignal => Signal != 0;

    /// <summary><c>$EXIT_CODE</c>: <c>exited</c> or <c>killed</c>.</summary>
    public string CodeText => BySignal ? "killed" : "exited";

    /// <summary><c>$EXIT_STATUS</c>: the number, or the signal name without <c>SIG</c>.</summary>
    public string StatusText => BySignal ? SignalName.Format(Signal).Replace("SIG", string.Empty, StringComparison.Ordinal) : Code.ToString(CultureInfo.InvariantCulture);

    /// <summary>For people: <c>status=1</c> or <c>signal=SIGTERM</c>.</summary>
    public override string ToString() => BySignal ? "signal=" + SignalName.Format(Signal) : "status=" + Code.ToString(CultureInfo.InvariantCulture);
}
