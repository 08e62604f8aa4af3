namespace Flotilla.Registry.Etcd;

/// <summary>How <see cref="EtcdRegistry"/> reaches an etcd v3 cluster.</summary>
public sealed record EtcdRegistryOptions
{
    /// <summary>Client URLs of the members (http://host:port or https://host:port); the first is tried first.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>PEM file of the CA that signed the members' certificates (https endpoints); null = the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate for mutual TLS; requires <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>etcd user name when authentication is enabled; null = no authentication.</summary>
    public string? Username { get; init; }

    /// <summary>Password of <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// How long one request may take in total, including retries on other members; a request still
    /// unanswered then fails with <see cref="Errors.RegistryTimeoutException"/>.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock deadlines are computed from.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Request size limits, checked before anything is sent.</summary>
    public RegistryLimits Limits { get; init; } = RegistryLimits.Default;
}
