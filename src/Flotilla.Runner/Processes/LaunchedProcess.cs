namespace Flotilla.Runner.Processes;

/// <summary>A started process: its PID (also its process group and session ID) and how it ends.</summary>
internal sealed class LaunchedProcess
{
    public LaunchedProcess(int pid, Task<ProcessExit> exit, Task output)
    {
        Pid = pid;
        Exit = exit;
        Output = output;
    }

    public int Pid { get; }

    /// <summary>Completes when the process has exited (not when its children have).</summary>
    public Task<ProcessExit> Exit { get; }

    /// <summary>Completes when stdout and stderr are closed by every process holding them.</summary>
    public Task Output { get; }

    public bool HasExited => Exit.IsCompleted;
}
