using System.Globalization;
using System.Text;

namespace Flotilla.Runner.Processes;

/// <summary>
/// Reads /proc to find the processes that carry an environment marker or belong to a session. Zombies are
/// skipped: they are already dead, and where PID 1 does not reap orphans they would never disappear.
/// Public so the agent finds a dead predecessor's units and watchdog with the same scan the runner uses.
/// </summary>
public static class ProcessTable
{
    /// <summary>Living processes whose environment holds <paramref name="assignment"/> (<c>NAME=value</c>) or whose session is one of <paramref name="sessions"/>.</summary>
    public static IReadOnlyList<int> Find(string assignment, IReadOnlyCollection<int> sessions)
    {
        var marker = Encoding.UTF8.GetBytes(assignment);
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var pid in Pids())
        {
            if (pid == self || !TryReadStat(pid, out var stat) || stat.State == 'Z')
            {
                continue;
            }

            if (sessions.Contains(stat.Session) || EnvironmentContains(pid, marker))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => TryReadStat(pid, out var stat) && stat.State != 'Z';

    private static IEnumerable<int> Pids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static bool EnvironmentContains(int pid, byte[] marker)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // Entries are NUL-separated; a match must be a whole entry, so "X=1" does not match "X=12".
        var span = environ.AsSpan();
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)0);
            var entry = end < 0 ? span : span[..end];
            if (entry.SequenceEqual(marker))
            {
                return true;
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return false;
    }

    private static bool TryReadStat(int pid, out ProcessStat stat)
    {
        stat = default;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) S ppid pgrp session ...": comm may hold spaces and parentheses, so parse after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 4
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var session))
        {
            return false;
        }

        stat = new ProcessStat(fields[0][0], group, session);
        return true;
    }

    private readonly record struct ProcessStat(char State, int ProcessGroup, int Session);
}
