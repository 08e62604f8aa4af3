using System.Diagnostics;
using System.Globalization;
using Flotilla.Agent.Presence;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// One real <c>flotilla agent</c> process, started through <c>setsid</c> so it leads its own process
/// group: a crash is SIGKILL to that group, exactly what kill -9 of a daemon and its helpers does. Its
/// output goes to a log file in its data directory, kept for post-mortems.
/// </summary>
internal sealed class BenchAgent : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private BenchAgent(string machineId, Process process, StreamWriter log)
    {
        MachineId = machineId;
        _process = process;
        _log = log;
        _process.OutputDataReceived += (_, line) => Write(line.Data);
        _process.ErrorDataReceived += (_, line) => Write(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string MachineId { get; }

    /// <summary>Also the process group ID: setsid execs in place, so the agent leads the new session.</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static BenchAgent Start(string machineId, string dataDirectory, IEnumerable<string> options)
    {
        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "flotilla.dll"), "agent", "--machine-id", machineId, "--data-dir", dataDirectory }.Concat(options))
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(Path.Combine(dataDirectory, "agent.log"), append: true) { AutoFlush = true };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start flotilla agent");
        return new BenchAgent(machineId, process, log);
    }

    /// <summary>kill -9 of the agent's whole process group: the crash being measured.</summary>
    public void Crash()
    {
        using Process kill = Process.Start("/bin/kill", ["-KILL", "--", "-" + Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        _process.WaitForExit(5_000);
    }

    /// <summary>
    /// Ends the agent and everything it ran: SIGKILL to its group, then every process marked with its
    /// machine ID (its units live in sessions of their own), so nothing outlives the harness.
    /// </summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Crash();
        }

        UnitProcessSweeper.KillAll("FLOTILLA_MACHINE_ID", MachineId);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss.fff ", CultureInfo.InvariantCulture) + line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines of a killed agent may arrive after the harness closed its log.
            }
        }
    }
}
