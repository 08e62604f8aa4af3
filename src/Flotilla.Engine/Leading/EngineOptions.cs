using Flotilla.Registry.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Engine.Leading;

/// <summary>How a <see cref="ClusterEngine"/> campaigns and leads. The defaults suit a production cluster.</summary>
public sealed record EngineOptions
{
    public RegistryLayout Layout { get; init; } = RegistryLayout.Default;

    /// <summary>What this candidate writes into its election key (shown as the leader by status commands).</summary>
    public string CandidateName { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>
    /// TTL of the leader's lease: when a leader dies without resigning, a successor leads within about
    /// this long.
    /// </summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a machine whose presence key vanished keeps its units before they are placed elsewhere,
    /// so that a short stall (an agent restart, a registry hiccup) does not move everything.
    /// </summary>
    /// <remarks>
    /// One second, not more: the agent TTL already absorbs stalls shorter than itself, and an agent whose
    /// lease did expire has fenced (stopped its units) before that, so a longer grace saves no downtime;
    /// it only adds itself to every failover (kill -9 of an agent: units active elsewhere after the lease
    /// expiry plus this, see docs/performance.md). A second still leaves the watchdog (it polls five times
    /// a second) margin to have killed a frozen agent's units before they start elsewhere.
    /// </remarks>
    public TimeSpan MachineGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the leader re-reads everything and reconciles from scratch, as a guard against a missed change.</summary>
    public TimeSpan SafetyPassInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait before campaigning again after the registry failed.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
