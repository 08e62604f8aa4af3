using Flotilla.Runner.Processes;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>What happens after a run of a service ended: restart it or not (systemd.service(5), Restart=).</summary>
internal static class RestartDecider
{
    /// <param name="service">The definition the run used.</param>
    /// <param name="result">The run's result (<see cref="ServiceResult"/>).</param>
    /// <param name="mainExit">How the main process ended, when it did.</param>
    /// <param name="stopRequested">True when the run ended because a stop was asked for: never restarted.</param>
    public static bool ShouldRestart(ServiceDefinition service, string result, ProcessExit? mainExit, bool stopRequested)
    {
        // A unit that hit its start limit stays failed until started again by hand.
        if (stopRequested || result == ServiceResult.StartLimitHit)
        {
            return false;
        }

        if (mainExit is not null)
        {
            if (Contains(service.RestartPreventExitStatus, mainExit))
            {
                return false;
            }

            if (Contains(service.RestartForceExitStatus, mainExit))
            {
                return true;
            }
        }

        return service.Restart switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.OnSuccess => result == ServiceResult.Success,
            RestartPolicy.OnFailure => result != ServiceResult.Success,
            RestartPolicy.OnAbnormal => result is ServiceResult.Signal or ServiceResult.CoreDump or ServiceResult.Timeout or ServiceResult.Watchdog,
            RestartPolicy.OnAbort => result is ServiceResult.Signal or ServiceResult.CoreDump,
            RestartPolicy.OnWatchdog => result == ServiceResult.Watchdog,
            _ => false,
        };
    }

    private static bool Contains(Flotilla.Units.Values.ExitStatusSet set, ProcessExit exit) =>
        exit.BySignal ? set.ContainsSignal(exit.Signal) : set.ContainsExitCode(exit.Code);
}
