using System.Diagnostics;
using System.Text;

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

    /// <summary>PIDs of the processes whose environment holds exactly <paramref name="variable"/>=<paramref name="value"/>, except this process.</summary>
    public static IReadOnlyList<int> Find(string variable, string value)
    {
        byte[] wanted = Encoding.UTF8.GetBytes($"{variable}={value}");
        var found = new List<int>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(directory), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            byte[] environment;
            try
            {
                environment = File.ReadAllBytes(System.IO.Path.Combine(directory, "environ"));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or a process we may not inspect (and so did not start)
            }

            if (Contains(environment, wanted))
            {
                found.Add(pid);
            }
        }

        return found;
    }

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

    private static bool Contains(byte[] environment, byte[] wanted)
    {
        var rest = environment.AsSpan();
        while (rest.Length > 0)
        {
            int end = rest.IndexOf((byte)0);
            ReadOnlySpan<byte> entry = end < 0 ? rest : rest[..end];
            if (entry.SequenceEqual(wanted))
            {
                return true;
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return false;
    }
}
