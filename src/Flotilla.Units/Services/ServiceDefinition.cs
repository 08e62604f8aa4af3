using Flotilla.Units.Environments;
using Flotilla.Units.Exec;
using Flotilla.Units.Values;

namespace Flotilla.Units.Services;

/// <summary>
/// What the built-in runner needs to know about a <c>.service</c> unit: its <c>[Unit]</c> and
/// <c>[Service]</c> options with systemd's defaults applied and specifiers expanded.
/// </summary>
public sealed record ServiceDefinition
{
    public string? Description { get; init; }

    public UnitDependencies Dependencies { get; init; } = UnitDependencies.None;

    /// <summary><c>StartLimitIntervalSec=</c>; zero disables the start limit.</summary>
    public TimeSpan StartLimitInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>StartLimitBurst=</c>; zero disables the start limit.</summary>
    public int StartLimitBurst { get; init; } = 5;

    public ServiceType Type { get; init; }

    public bool RemainAfterExit { get; init; }

    public string? PidFile { get; init; }

    public RestartPolicy Restart { get; init; }

    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary><c>TimeoutStartSec=</c>; <see cref="SystemdTimeSpan.Infinity"/> when unbounded.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary><c>TimeoutStopSec=</c>; <see cref="SystemdTimeSpan.Infinity"/> when unbounded.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public KillMode KillMode { get; init; }

    /// <summary><c>KillSignal=</c> as a Linux signal number (default SIGTERM).</summary>
    public int KillSignal { get; init; } = 15;

    public bool SendSigKill { get; init; } = true;

    public ExitStatusSet SuccessExitStatus { get; init; } = ExitStatusSet.Empty;

    public ExitStatusSet RestartPreventExitStatus { get; init; } = ExitStatusSet.Empty;

    public ExitStatusSet RestartForceExitStatus { get; init; } = ExitStatusSet.Empty;

    public IReadOnlyList<ExecCommand> ExecCondition { get; init; } = [];

    public IReadOnlyList<ExecCommand> ExecStartPre { get; init; } = [];

    public IReadOnlyList<ExecCommand> ExecStart { get; init; } = [];

    public IReadOnlyList<ExecCommand> ExecStartPost { get; init; } = [];

    public IReadOnlyList<ExecCommand> ExecReload { get; init; } = [];

    public IReadOnlyList<ExecCommand> ExecStop { get; init; } = [];

    public IReadOnlyList<ExecCommand> ExecStopPost { get; init; } = [];

    /// <summary><c>Environment=</c> assignments in order (later wins when composed).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public IReadOnlyList<EnvironmentFileReference> EnvironmentFiles { get; init; } = [];

    public IReadOnlyList<string> UnsetEnvironment { get; init; } = [];

    public WorkingDirectory? WorkingDirectory { get; init; }

    public string? User { get; init; }

    public string? Group { get; init; }
}
