using System.Diagnostics;
using Flotilla.Runner.Processes;

namespace Flotilla.Agent.Presence;

/// <summary>
/// Finds processes by a variable in their initial environment (<c>/proc/PID/environ</c>) and kills them:
/// an agent that starts finds what a predecessor with the same runner id left behind (after kill -9 its
/// units may still run, and its watchdog may still be waiting for the deadline) and ends it before it
/// starts anything itself, so no unit runs twice and no orphan stays unmanaged.
/// </summary>
public static class UnitProcessSweeper
{
    /// <summary>Marks the watchdog process of an agent (its value is the runner id).</summary>
    public const string WatchdogVariable = "FLOTILLA_WATCHDOG_FOR";

    /// <summary>PIDs of the living processes whose environment holds exactly <paramref name="variable"/>=<paramref name="value"/>, except this process.</summary>
    public static IReadOnlyList<int> Find(string variable, string value) => ProcessTable.Find($"{variable}={value}", []);

    /// <summary>SIGKILLs every marked process until none is left (a dying parent may have forked meanwhile). Returns how many were killed.</summary>
    public static int KillAll(string variable, string value)
    {
        int killed = 0;
        for (int round = 0; round < 20; round++)
        {
            IReadOnlyList<int> pids = Find(variable, value);
            if (pids.Count == 0)
            {
                return killed;
            }

            foreach (int pid in pids)
            {
                try
                {
                    using Process process = Process.GetProcessById(pid);
                    process.Kill();
                    killed++;
                }
                catch (Exception error) when (error is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }

            Thread.Sleep(50);
        }

        return killed;
    }
}
