using System.Globalization;
using System.Text;

namespace Flotilla.Cli.Tests.Chaos;

/// <summary>
/// A live process whose environment carries a chaos test's mark (<c>CHAOS_UNIT=&lt;test&gt;/&lt;unit&gt;</c>,
/// set by the unit's <c>Environment=</c>, so a unit's shell and the commands it forks all carry it),
/// read straight from /proc: what really runs, whatever the registry says.
/// </summary>
internal sealed record MarkedProcess(int Pid, int ParentPid, string Unit)
{
    public const string Variable = "CHAOS_UNIT";

    /// <summary>Every live process marked for the test <paramref name="test"/>.</summary>
    public static IReadOnlyList<MarkedProcess> All(string test)
    {
        byte[] prefix = Encoding.UTF8.GetBytes($"{Variable}={test}/");
        var found = new List<MarkedProcess>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                byte[] environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
                string? unit = ValueAfter(environment, prefix);
                if (unit is not null && ParentOf(pid) is { } parent)
                {
                    found.Add(new MarkedProcess(pid, parent, unit));
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // exited meanwhile
            }
        }

        return found;
    }

    /// <summary>The parent PID from /proc/PID/stat, or null once the process is gone.</summary>
    public static int? ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");

            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether one of <paramref name="ancestors"/> is this process's parent, grandparent, ...</summary>
    public bool DescendsFromAny(IReadOnlySet<int> ancestors)
    {
        int? current = ParentPid;
        for (int depth = 0; depth < 64 && current is > 1; depth++)
        {
            if (ancestors.Contains(current.Value))
            {
                return true;
            }

            current = ParentOf(current.Value);
        }

        return false;
    }

    public override string ToString() => $"pid {Pid} (parent {ParentPid}) of {Unit}";

    private static string? ValueAfter(byte[] environment, byte[] prefix)
    {
        int start = 0;
        while (start < environment.Length)
        {
            int end = Array.IndexOf(environment, (byte)0, start);
            if (end < 0)
            {
                end = environment.Length;
            }

            if (end - start >= prefix.Length && environment.AsSpan(start, prefix.Length).SequenceEqual(prefix))
            {
                return Encoding.UTF8.GetString(environment, start + prefix.Length, end - start - prefix.Length);
            }

            start = end + 1;
        }

        return null;
    }
}
