using Flotilla.Runner.Processes;

namespace Flotilla.Runner;

/// <summary>
/// Finds the processes a runner left behind (its agent was killed with SIGKILL) and kills them.
/// </summary>
/// <remarks>
/// A new runner kills and restarts rather than re-adopting: it cannot wait for processes that are not its
/// children, has lost their output pipes, and cannot know which start phase they were in, so adopting them
/// would give a unit that looks supervised but is not. Killing is also what the fencing watchdog relies on.
/// </remarks>
public static class RunnerLeftovers
{
    /// <summary>The variable that marks every process started by the runner with that id.</summary>
    public const string RunnerIdVariable = "FLOTILLA_RUNNER_ID";

    /// <summary>SIGKILLs every process carrying <c>FLOTILLA_RUNNER_ID=<paramref name="runnerId"/></c> until none is left; returns how many were killed.</summary>
    public static int KillAll(string runnerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runnerId);
        var assignment = RunnerIdVariable + "=" + runnerId;
        var killed = new HashSet<int>();

        // A process may fork while we kill its parent: look again until a pass finds nothing.
        for (var pass = 0; pass < 100; pass++)
        {
            var pids = ProcessTable.Find(assignment, []);
            if (pids.Count == 0)
            {
                break;
            }

            foreach (var pid in pids)
            {
                if (NativeSignals.Send(pid, NativeSignals.SigKill))
                {
                    killed.Add(pid);
                }
            }

            Thread.Sleep(10);
        }

        return killed.Count;
    }
}
