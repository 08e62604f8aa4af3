using Flotilla.Units.Specifiers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Runner;

/// <summary>How one <see cref="BuiltInUnitManager"/> runs its units.</summary>
public sealed record BuiltInRunnerOptions
{
    /// <summary>Where journals and runtime files live (created when missing).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Marks every process this runner starts (<c>FLOTILLA_RUNNER_ID</c>): several runners may share a host
    /// and must never touch each other's processes, and a restarted runner finds its predecessor's by it.
    /// </summary>
    public required string RunnerId { get; init; }

    /// <summary>The facts specifiers such as <c>%H</c> and <c>%m</c> expand to.</summary>
    public IHostFacts Host { get; init; } = new LocalHostFacts();

    /// <summary>Variables every unit sees before its own <c>Environment=</c> (the agent's endpoint, machine ID, ...).</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Directories put first on the units' <c>PATH</c>.</summary>
    public IReadOnlyList<string> PathPrepend { get; init; } = [];

    /// <summary>The size at which a unit's journal file is rotated (one old file is kept).</summary>
    public long JournalMaxBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Asked before every start, automatic restarts included: null lets the unit start, a sentence refuses
    /// it (the unit fails with result <c>resources</c> and that reason). The agent closes the gate while it
    /// cannot show it still holds its presence lease, so a unit its watchdog killed during a freeze is not
    /// restarted by Restart= in the moment between the thaw and the agent's self-fencing.
    /// </summary>
    public Func<string?> StartGate { get; init; } = static () => null;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
