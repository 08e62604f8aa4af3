using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Flotilla.Cli.Tests.Agent;

/// <summary>
/// A real <c>flotilla agent</c> child process with its stderr kept for failure messages. Signals go to
/// the agent's PID only, as an operator's <c>kill</c> would send them; what the agent started is left to
/// the agent (and its watchdog). Disposing stops the agent and then kills, as a last resort, every
/// process that still carries this machine's ID in its environment, so no test leaves a unit running.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AgentProcess(string machineId, Process process)
    {
        MachineId = machineId;
        _process = process;
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string MachineId { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static AgentProcess Start(string machineId, string dataDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = FlotillaProcess.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "flotilla.dll"));
        start.ArgumentList.Add("agent");
        start.ArgumentList.Add("--machine-id");
        start.ArgumentList.Add(machineId);
        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(dataDirectory);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start flotilla agent");
        return new AgentProcess(machineId, process);
    }

    /// <summary>kill -9 of the agent alone: its units are not told anything.</summary>
    public void Kill() => Signal("KILL");

    /// <summary>kill -STOP: the agent freezes, its units do not.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>kill -CONT.</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>SIGTERM; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        Signal("TERM");
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"agent {MachineId} did not stop within {timeout.TotalSeconds} s of SIGTERM:\n{Log}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signal("CONT");
            Signal("TERM");
            if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                Signal("KILL");
                _process.WaitForExit();
            }
        }

        _process.Dispose();
        KillProcessesOf(MachineId);
    }

    /// <summary>SIGKILLs every process whose environment says it runs for <paramref name="machineId"/>.</summary>
    public static void KillProcessesOf(string machineId)
    {
        byte[] marker = Encoding.UTF8.GetBytes("FLOTILLA_MACHINE_ID=" + machineId + "\0");
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                byte[] environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (environment.AsSpan().IndexOf(marker) >= 0 || environment.AsSpan().EndsWith(marker.AsSpan(0, marker.Length - 1)))
                {
                    Process.GetProcessById(pid).Kill();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // The process is gone already, or not ours to read.
            }
        }
    }

    private void Signal(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using Process kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture)).AppendLine(line);
        }
    }
}
