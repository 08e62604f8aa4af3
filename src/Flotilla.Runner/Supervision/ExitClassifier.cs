using Flotilla.Runner.Processes;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>Whether an exit counts as clean, and which result a failure gives (systemd.service(5), SuccessExitStatus=).</summary>
internal static class ExitClassifier
{
    private const int SigHup = 1;
    private const int SigInt = 2;
    private const int SigPipe = 13;
    private const int SigTerm = 15;

    /// <summary>
    /// Code 0 is always clean; SIGHUP, SIGINT, SIGTERM and SIGPIPE are clean for the main process of a
    /// service that is not a oneshot; <c>SuccessExitStatus=</c> adds codes and signals.
    /// </summary>
    public static bool IsClean(ProcessExit exit, ServiceDefinition service, bool isMainProcess)
    {
        if (!exit.BySignal)
        {
            return exit.Code == 0 || (isMainProcess && service.SuccessExitStatus.ContainsExitCode(exit.Code));
        }

        if (!isMainProcess)
        {
            return false;
        }

        return (service.Type != ServiceType.Oneshot && exit.Signal is SigHup or SigInt or SigTerm or SigPipe)
            || service.SuccessExitStatus.ContainsSignal(exit.Signal);
    }

    /// <summary><c>success</c>, <c>exit-code</c> or <c>signal</c>.</summary>
    public static string Result(ProcessExit exit, ServiceDefinition service, bool isMainProcess) =>
        IsClean(exit, service, isMainProcess) ? ServiceResult.Success
        : exit.BySignal ? ServiceResult.Signal
        : ServiceResult.ExitCode;
}
