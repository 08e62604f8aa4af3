using Flotilla.Registry.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flotilla.Api.Hosting;

/// <summary>What the API serves and where. Only <see cref="MachineId"/> and <see cref="Addresses"/> have no default.</summary>
public sealed record ApiServerOptions
{
    /// <summary>The machine of the agent that hosts the API (journals of its units are read locally).</summary>
    public required string MachineId { get; init; }

    /// <summary>Where to listen: unix sockets and/or TCP addresses (at least one).</summary>
    public required IReadOnlyList<ApiAddress> Addresses { get; init; }

    /// <summary>Certificate (and optional client CA) for the <c>https://</c> addresses; required when there is one.</summary>
    public ApiTls? Tls { get; init; }

    public RegistryLayout Layout { get; init; } = RegistryLayout.Default;

    /// <summary>Shown by the health endpoint.</summary>
    public string Version { get; init; } = "0.0.0";

    /// <summary>The largest request body accepted (413 beyond it): a unit or a kv value.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How often a followed journal is re-read for new lines.</summary>
    public TimeSpan JournalPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
