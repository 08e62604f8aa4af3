using Flotilla.Runner.Processes;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>
/// Ends the processes of a run per KillMode=: the stop signal (and SIGCONT), a wait bounded by
/// TimeoutStopSec, then SIGKILL when SendSIGKILL= allows it. "The processes of a run" are those
/// <see cref="ServiceRun.FindProcesses"/> returns (docs/runner.md, "the kill mechanism").
/// </summary>
internal sealed class RunTermination(TimeProvider time, Action onSigKill)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Sends the stop signal per KillMode=, then SIGKILL after TimeoutStopSec; true when it timed out.</summary>
    public async Task<bool> KillAsync(ServiceRun run)
    {
        var definition = run.Definition;
        var timeout = definition.StopTimeout;
        switch (definition.KillMode)
        {
            case KillMode.None:
                return false;
            case KillMode.Process:
            case KillMode.Mixed:
                if (run.MainAlive && run.MainPid is { } pid)
                {
                    NativeSignals.Send(pid, definition.KillSignal);
                    NativeSignals.Send(pid, NativeSignals.SigCont);
                }

                var mainGone = await WaitUntilAsync(() => !run.MainAlive, timeout).ConfigureAwait(false);
                if (!mainGone && definition.SendSigKill && run.MainPid is { } stubborn)
                {
                    onSigKill();
                    NativeSignals.Send(stubborn, NativeSignals.SigKill);
                    await WaitUntilAsync(() => !run.MainAlive, timeout).ConfigureAwait(false);
                }

                if (definition.KillMode == KillMode.Mixed)
                {
                    await KillRemainingAsync(run, NativeSignals.SigKill, timeout).ConfigureAwait(false);
                }

                if (mainGone || definition.SendSigKill)
                {
                    await WaitForMainReapedAsync(run).ConfigureAwait(false);
                }

                return !mainGone;
            default:
                if (await KillRemainingAsync(run, definition.KillSignal, timeout).ConfigureAwait(false))
                {
                    await WaitForMainReapedAsync(run).ConfigureAwait(false);
                    return false;
                }

                if (!definition.SendSigKill)
                {
                    // Given up: what ignored the signal keeps running, as in systemd.
                    return true;
                }

                onSigKill();
                await KillRemainingAsync(run, NativeSignals.SigKill, timeout).ConfigureAwait(false);
                await WaitForMainReapedAsync(run).ConfigureAwait(false);
                return true;
        }
    }

    /// <summary>
    /// Signals every process of the run (each one once; with SIGKILL also every one found later) until none
    /// is left or the timeout passes; true when none is left.
    /// </summary>
    public async Task<bool> KillRemainingAsync(ServiceRun run, int signal, TimeSpan timeout)
    {
        var signalled = new HashSet<int>();
        if (signal == NativeSignals.SigKill)
        {
            run.Cgroup?.KillAll();
        }

        return await WaitUntilAsync(
            () =>
            {
                var pids = run.FindProcesses();
                foreach (var pid in pids)
                {
                    if (signalled.Add(pid) || signal == NativeSignals.SigKill)
                    {
                        NativeSignals.Send(pid, signal);
                        if (signal != NativeSignals.SigKill)
                        {
                            NativeSignals.Send(pid, NativeSignals.SigCont);
                        }
                    }
                }

                return pids.Count == 0;
            },
            timeout).ConfigureAwait(false);
    }

    /// <summary>The main process's exit status comes from .NET's reaping; wait for it so results are right.</summary>
    private static async Task WaitForMainReapedAsync(ServiceRun run)
    {
        if (run.Main is { } main)
        {
            try
            {
                await main.Exit.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Unkillable (uninterruptible sleep): report what we know.
            }
        }
    }

    private async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = SystemdTimeouts.Finite(timeout) is { } finite ? time.GetUtcNow() + finite : DateTimeOffset.MaxValue;
        while (!condition())
        {
            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, time).ConfigureAwait(false);
        }

        return true;
    }
}
