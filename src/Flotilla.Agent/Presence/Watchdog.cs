using System.Diagnostics;
using System.Globalization;

namespace Flotilla.Agent.Presence;

/// <summary>
/// A tiny shell process outside the agent that enforces the deadline when the agent cannot: a SIGSTOPped
/// (or hung) agent neither renews its lease nor fences itself, and a killed agent leaves its units
/// behind. The watchdog runs in its own session (<c>setsid</c>), so signals sent to the agent's process
/// or process group do not reach it.
/// </summary>
/// <remarks>
/// A few times a second it reads the deadline file. Once the deadline has passed (and it is armed), or
/// once the agent's PID is gone (or a zombie), it SIGKILLs every process whose environment holds
/// <c>FLOTILLA_RUNNER_ID=&lt;runner id&gt;</c>; it exits when the agent is gone and nothing is left to kill.
/// The scan of <c>/proc</c> happens only then, so an idle watchdog costs one <c>date</c> per poll.
/// </remarks>
public static class Watchdog
{
    // $1 = agent PID, $2 = deadline file, $3 = runner id. Standard streams are closed first so a parent
    // that reads the agent's output to its end is never kept waiting by the watchdog.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        agent=$1 file=$2 id=$3
        while :; do
          now=$(date +%s%3N)
          deadline=$(cat "$file" 2>/dev/null)
          case $deadline in ''|*[!0-9]*) deadline=0 ;; esac
          # A killed agent whose parent has not reaped it yet is a zombie: gone all the same.
          line= ; read -r line < "/proc/$agent/stat" 2>/dev/null
          rest=${line##*) }
          if [ -n "$line" ] && [ "${rest%% *}" != Z ]; then alive=1; else alive=0; fi
          if [ "$alive" = 0 ] || { [ "$deadline" -gt 0 ] && [ "$now" -ge "$deadline" ]; }; then
            found=0
            for f in $(grep -lzxF "FLOTILLA_RUNNER_ID=$id" /proc/[0-9]*/environ 2>/dev/null); do
              pid=${f#/proc/}; pid=${pid%/environ}
              [ "$pid" = "$$" ] && continue
              kill -9 "$pid" 2>/dev/null && found=1
            done
            [ "$alive" = 0 ] && [ "$found" = 0 ] && exit 0
          fi
          sleep 0.2
        done
        """;

    /// <summary>Starts the watchdog for the current process; returns its PID.</summary>
    public static int Start(string deadlineFile, string runnerId) => Start(deadlineFile, runnerId, Environment.ProcessId);

    /// <summary>Starts the watchdog for the agent with PID <paramref name="agentPid"/>; returns the watchdog's PID.</summary>
    public static int Start(string deadlineFile, string runnerId, int agentPid)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (string argument in new[] { "/bin/sh", "-c", Script, "flotilla-watchdog", agentPid.ToString(CultureInfo.InvariantCulture), deadlineFile, runnerId })
        {
            start.ArgumentList.Add(argument);
        }

        // The watchdog must not carry the mark it kills by, and carries its own so a successor finds it.
        start.Environment.Remove(RunnerId.EnvironmentVariable);
        start.Environment[UnitProcessSweeper.WatchdogVariable] = runnerId;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the watchdog (setsid /bin/sh)");
        return process.Id;
    }
}
