using Flotilla.Runner.Processes;
using Flotilla.Units.Services;

namespace Flotilla.Runner.Supervision;

/// <summary>
/// One invocation of a service, from start to the end of its stop: the definition it started with, its
/// invocation ID (the marker every one of its processes carries) and the processes started for it.
/// </summary>
internal sealed class ServiceRun : IDisposable
{
    public const string InvocationVariable = "FLOTILLA_INVOCATION_ID";

    private readonly Lock _gate = new();
    private readonly HashSet<int> _sessions = [];

    public ServiceRun(ServiceDefinition definition, string invocationId)
    {
        Definition = definition;
        InvocationId = invocationId;
    }

    public ServiceDefinition Definition { get; }

    public string InvocationId { get; }

    /// <summary>The environment entry that marks this run's processes, also after they call setsid().</summary>
    public string Marker => InvocationVariable + "=" + InvocationId;

    /// <summary>Cancelled when a stop is asked for while the run is still starting.</summary>
    public CancellationTokenSource Abort { get; } = new();

    /// <summary>Set (before <see cref="Abort"/> is cancelled) when the run ends because a stop was asked for.</summary>
    public bool StopRequested { get; set; }

    /// <summary>The main process when the runner started it itself (simple, exec, notify).</summary>
    public LaunchedProcess? Main { get; set; }

    /// <summary>The main PID: <see cref="Main"/>'s, or read from PIDFile= / MAINPID= (forking, notify).</summary>
    public int? MainPid { get; set; }

    /// <summary>How the main process ended, once it has.</summary>
    public ProcessExit? MainExit { get; set; }

    /// <summary><c>$NOTIFY_SOCKET</c> for a notify service (an abstract socket name, <c>@...</c>).</summary>
    public string? NotifySocket => Notifications?.Address;

    /// <summary>The socket a notify service reports readiness on.</summary>
    public NotifySocket? Notifications { get; set; }

    public bool MainAlive => MainPid is { } pid && MainExit is null && (Main is { Pid: var own } && own == pid ? !Main.HasExited : ProcessTable.IsAlive(pid));

    /// <summary>The run's cgroup where <c>cgroup.kill</c> works; null elsewhere.</summary>
    public CgroupKill? Cgroup { get; init; }

    /// <summary>Records a started process: its session (it leads one) and, where available, its cgroup.</summary>
    public void AddSession(int pid)
    {
        lock (_gate)
        {
            _sessions.Add(pid);
        }

        Cgroup?.Add(pid);
    }

    /// <summary>Every living process of the run: its sessions' members and whatever carries its marker.</summary>
    public IReadOnlyList<int> FindProcesses()
    {
        int[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
        }

        return ProcessTable.Find(Marker, sessions);
    }

    public void Dispose()
    {
        Notifications?.Dispose();
        Cgroup?.Dispose();
        Abort.Dispose();
    }
}
