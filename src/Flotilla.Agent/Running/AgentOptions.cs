using Flotilla.Engine.Leading;
using Flotilla.Registry.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Agent.Running;

/// <summary>Who this machine is and how its agent keeps its presence. Only <see cref="MachineId"/> has no default.</summary>
public sealed record AgentOptions
{
    public required string MachineId { get; init; }

    /// <summary>Shown as the machine's primary IP ("" when unknown).</summary>
    public string PublicIp { get; init; } = "";

    /// <summary>What <c>MachineMetadata=</c> is matched against.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The agent's TCP API address registered with the machine (for proxied journals), or null.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>The Flotilla version registered with the machine.</summary>
    public string Version { get; init; } = "0.0.0";

    public RegistryLayout Layout { get; init; } = RegistryLayout.Default;

    /// <summary>TTL of the presence lease (fleet's <c>agent_ttl</c>, 30 s there): how long a silent machine keeps its units.</summary>
    public TimeSpan AgentTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The watchdog's deadline file, or null for none (tests of the agent's logic): kept at the
    /// expiry of the last renewal sent, disarmed after self-fencing.
    /// </summary>
    public string? DeadlineFile { get; init; }

    /// <summary>The engine candidate every agent runs so any machine can lead; null runs none.</summary>
    public EngineOptions? Engine { get; init; }

    /// <summary>How long to wait before trying the registry again after it failed.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the agent reconciles even when nothing changed, as a guard against a missed event.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long stopping every unit may take on shutdown before the agent gives up waiting.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
