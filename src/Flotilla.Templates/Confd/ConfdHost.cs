namespace Flotilla.Templates.Confd;

/// <summary>
/// What confd's functions read from the machine: the clock (datetime), the environment (getenv), DNS
/// (lookupIP, lookupSRV) and the file system (fileExists). Tests replace the parts they need.
/// </summary>
public sealed record ConfdHost(TimeProvider Time, Func<string, string?> GetEnvironmentVariable, IDnsResolver Dns)
{
    /// <summary>The real machine: system clock, process environment, the system resolver.</summary>
    public static ConfdHost System { get; } = new(TimeProvider.System, Environment.GetEnvironmentVariable, new SystemDnsResolver());
}
