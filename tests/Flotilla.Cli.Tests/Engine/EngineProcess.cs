using System.Diagnostics;
using System.Text;

namespace Flotilla.Cli.Tests.Engine;

/// <summary>
/// A real <c>flotilla engine</c> child process, its stderr kept for failure messages. Disposing kills it
/// (SIGKILL) if it is still running.
/// </summary>
internal sealed class EngineProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private EngineProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_log)
            {
                _log.AppendLine(line.Data);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Name { get; }

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

    public static EngineProcess Start(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = FlotillaProcess.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "flotilla.dll"));
        start.ArgumentList.Add("engine");
        start.ArgumentList.Add("--name");
        start.ArgumentList.Add(name);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start flotilla engine");
        return new EngineProcess(name, process);
    }

    /// <summary>kill -9: no resignation, no clean-up; its lease has to expire.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"engine {Name} did not stop within {timeout.TotalSeconds} s of SIGTERM:\n{Log}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
