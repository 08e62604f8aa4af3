using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Runner.Systemd;

/// <summary>How <see cref="SystemdUnitManager"/> reaches systemd and where it keeps its unit files.</summary>
public sealed record SystemdRunnerOptions
{
    /// <summary>The runner's own directory; unit texts are written to <c>units/&lt;name&gt;</c> under it.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The systemctl program: a path, or a bare name looked up on PATH.</summary>
    public string SystemctlPath { get; init; } = "systemctl";

    /// <summary>The journalctl program: a path, or a bare name looked up on PATH.</summary>
    public string JournalctlPath { get; init; } = "journalctl";

    /// <summary>
    /// Where the unit files are linked for systemd to find. The default is systemd's runtime unit
    /// directory, which is emptied at boot: units come back only when the agent loads them again.
    /// </summary>
    public string UnitDirectory { get; init; } = "/run/systemd/system";

    /// <summary>How often every loaded unit's status is read, so exits systemd saw are reported.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest one systemctl or journalctl call may take. <c>systemctl start</c> waits for the job,
    /// which for a unit with the default TimeoutStartSec takes up to 90 s, so the default leaves room.
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
