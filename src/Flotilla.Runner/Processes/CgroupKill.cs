namespace Flotilla.Runner.Processes;

/// <summary>
/// A cgroup v2 group per run, used only where the kernel offers <c>cgroup.kill</c> and we may create groups:
/// then one write kills the whole tree atomically, with no fork racing the /proc scan. Everywhere else
/// (including hosts with v2 mounted but no <c>cgroup.kill</c>, such as our CI) <see cref="TryCreate"/> gives
/// null and the /proc scan alone does the work; it always runs as well, so this is only a reinforcement.
/// </summary>
internal sealed class CgroupKill : IDisposable
{
    private readonly string _directory;

    private CgroupKill(string directory) => _directory = directory;

    /// <summary>Creates <c>flotilla-RUNNER-INVOCATION</c> under our own cgroup, or null when that cannot work here.</summary>
    public static CgroupKill? TryCreate(string runnerId, string invocationId)
    {
        try
        {
            if (OwnCgroupDirectory() is not { } parent || !File.Exists(Path.Combine(parent, "cgroup.kill")))
            {
                return null;
            }

            var directory = Path.Combine(parent, $"flotilla-{runnerId}-{invocationId}");
            Directory.CreateDirectory(directory);
            return File.Exists(Path.Combine(directory, "cgroup.kill")) ? new CgroupKill(directory) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Moves a just-started process into the group (its later children follow it).</summary>
    public void Add(int pid) => TryWrite("cgroup.procs", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>SIGKILLs every process in the group.</summary>
    public void KillAll() => TryWrite("cgroup.kill", "1");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still populated (KillMode=process/none leftovers): the kernel refuses, and that is fine.
        }
    }

    private void TryWrite(string file, string value)
    {
        try
        {
            File.WriteAllText(Path.Combine(_directory, file), value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The /proc scan still covers the process.
        }
    }

    /// <summary>Our own cgroup v2 directory, from the <c>0::</c> line of /proc/self/cgroup, on the v2 mount.</summary>
    private static string? OwnCgroupDirectory()
    {
        var line = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var mount = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup"
            : Directory.Exists("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified"
            : null;
        return mount is null ? null : mount + line[3..].TrimEnd('/');
    }
}
