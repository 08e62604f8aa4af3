namespace Flotilla.Cli.Client;

/// <summary>The global options of every command that talks to an agent.</summary>
internal sealed record ClientOptions
{
    public required ApiEndpoint Endpoint { get; init; }

    /// <summary>Per request; streams (journal -f, kv watch) are not limited once they answer. fleetctl's default was 3 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public bool Debug { get; init; }
}
