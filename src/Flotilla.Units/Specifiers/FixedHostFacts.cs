namespace Flotilla.Units.Specifiers;

/// <summary>
/// Host facts given up front, for tests and for callers that already know them. The defaults are
/// what systemd's system manager uses (root, <c>/run</c>, <c>/var/lib</c>, ...); the host
/// identity defaults to empty.
/// </summary>
public sealed record FixedHostFacts : IHostFacts
{
    public string HostName { get; init; } = string.Empty;

    public string MachineId { get; init; } = string.Empty;

    public string BootId { get; init; } = string.Empty;

    public string KernelRelease { get; init; } = string.Empty;

    public string RuntimeDirectory { get; init; } = "/run";

    public string StateDirectory { get; init; } = "/var/lib";

    public string CacheDirectory { get; init; } = "/var/cache";

    public string LogsDirectory { get; init; } = "/var/log";

    public string ConfigurationDirectory { get; init; } = "/etc";

    public string TemporaryDirectory { get; init; } = "/tmp";

    public string UserName { get; init; } = "root";

    public string UserId { get; init; } = "0";

    public string HomeDirectory { get; init; } = "/root";

    public string GroupName { get; init; } = "root";

    public string GroupId { get; init; } = "0";

    public string Shell { get; init; } = "/bin/sh";
}
