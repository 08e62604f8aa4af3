using System.Diagnostics;
using System.Globalization;
using System.Text;
using Flotilla.Agent.Presence;

namespace Flotilla.Cli.Tests.Agent;

/// <summary>
/// A real <c>flotilla agent</c> child process, its stderr kept for failure messages. Disposing resumes it
/// if stopped and kills it (SIGKILL) if it still runs; its watchdog then cleans up its units.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AgentProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

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

    public static AgentProcess Start(params string[] arguments)
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
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start flotilla agent");
        return new AgentProcess(process);
    }

    public void Signal(string signal)
    {
        using Process kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        Signal("TERM");
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"the agent did not stop within {timeout.TotalSeconds} s of SIGTERM:\n{Log}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            Signal("CONT");
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>
    /// SIGKILLs every process whose environment says it runs for <paramref name="machineId"/>: the last
    /// resort of a test's clean-up, so no unit outlives a test even if an agent's watchdog failed.
    /// </summary>
    public static void KillProcessesOf(string machineId) =>
        UnitProcessSweeper.KillAll("FLOTILLA_MACHINE_ID", machineId);

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture)).AppendLine(line);
        }
    }
}
