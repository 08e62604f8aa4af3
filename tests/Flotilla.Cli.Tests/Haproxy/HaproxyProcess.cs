using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Flotilla.Cli.Tests.Haproxy;

/// <summary>
/// A real haproxy in master-worker mode (<c>haproxy -W -f BASE -f BACKENDS -p PIDFILE</c>) in its own
/// process group, so disposing ends the master and every worker, old ones still draining included.
/// A reload is SIGUSR2 to the master named in the pid file (what the template's reload_cmd sends).
/// </summary>
internal sealed class HaproxyProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly List<DateTimeOffset> _reloads = [];

    private HaproxyProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>Debian installs it in /usr/sbin, which is not on every user's PATH.</summary>
    public static string Binary => File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>When the master said it reloads (its "Reloading HAProxy" notice), as read from its output.</summary>
    public IReadOnlyList<DateTimeOffset> Reloads
    {
        get
        {
            lock (_log)
            {
                return [.. _reloads];
            }
        }
    }

    public static HaproxyProcess Start(string pidFile, params string[] configFiles)
    {
        // setsid execs haproxy in place (a child is never a group leader), so the pid is the group's id.
        var start = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { Binary, "-W", "-p", pidFile })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string file in configFiles)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(file);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start haproxy");
        return new HaproxyProcess(process);
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            using Process kill = Process.Start("kill", ["-KILL", "--", "-" + _process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            if (line?.Contains("Reloading HAProxy", StringComparison.Ordinal) == true)
            {
                _reloads.Add(DateTimeOffset.UtcNow);
            }

            _log.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture)).AppendLine(line);
        }
    }
}
