using Flotilla.Engine.Leading;
using Flotilla.Registry.Layout;

namespace Flotilla.Cli.Agent;

/// <summary><c>flotilla agent</c>'s options, checked; machine ID and API address are resolved later (they may need the data directory).</summary>
internal sealed record AgentSettings
{
    public bool Dev { get; init; }

    /// <summary>Null until resolved: then <c>--data-dir</c> or the user's state directory.</summary>
    public string? DataDirectory { get; init; }

    public string? MachineId { get; init; }

    public string PublicIp { get; init; } = "";

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>"embedded" or "etcd".</summary>
    public string Registry { get; init; } = "embedded";

    public IReadOnlyList<string> EtcdEndpoints { get; init; } = [];

    public string? EtcdCaFile { get; init; }

    public string? EtcdCertFile { get; init; }

    public string? EtcdKeyFile { get; init; }

    public TimeSpan AgentTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where the HTTP API listens (<c>--api-addr</c>, repeatable; empty = the unix socket in the data
    /// directory); units see the first as FLOTILLA_ENDPOINT.
    /// </summary>
    public IReadOnlyList<string> ApiAddresses { get; init; } = [];

    /// <summary>The API's certificate for its https:// addresses (PEM), with <see cref="ApiKeyFile"/>.</summary>
    public string? ApiCertFile { get; init; }

    public string? ApiKeyFile { get; init; }

    /// <summary>When set, API clients on https:// addresses must present a certificate signed by this CA.</summary>
    public string? ApiCaFile { get; init; }

    public RegistryLayout Layout { get; init; } = RegistryLayout.Default;

    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The engine's default (1 s), so `flotilla agent` and `flotilla engine` cannot drift apart.</summary>
    public TimeSpan MachineGrace { get; init; } = new EngineOptions().MachineGrace;

    /// <summary>builtin (the default), systemd or auto: which unit runner runs this machine's units.</summary>
    public string Runner { get; init; } = "builtin";

    /// <summary>A confd configuration directory whose resources the agent keeps rendered (<c>--confdir</c>), or null.</summary>
    public string? ConfDirectory { get; init; }
}
