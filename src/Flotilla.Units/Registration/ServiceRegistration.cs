namespace Flotilla.Units.Registration;

/// <summary>
/// A unit's <c>[X-Register]</c> section: the discovery key the agent keeps in the registry, under its own
/// lease, while the unit is active and healthy. It replaces the seed's pair of <c>ExecStartPost=etcdctl set</c>
/// and <c>ExecStopPost=etcdctl rm</c>, whose entries went stale whenever a machine died.
/// </summary>
/// <param name="Key">The key, specifiers expanded (e.g. <c>/clusterstate/cruwe_de/web@1.service</c>).</param>
/// <param name="Value">The value, specifiers expanded (e.g. <c>10.0.0.5:8080</c>).</param>
/// <param name="HealthCheck">An http(s) URL (any 2xx is healthy) or a shell command (exit 0 is healthy); null: active is enough.</param>
/// <param name="HealthInterval">How often the health check runs while the unit is active.</param>
public sealed record ServiceRegistration(string Key, string Value, string? HealthCheck, TimeSpan HealthInterval)
{
    /// <summary>Whether <see cref="HealthCheck"/> is a URL rather than a command.</summary>
    public bool IsHttpCheck =>
        HealthCheck is not null
        && (HealthCheck.StartsWith("http://", StringComparison.Ordinal) || HealthCheck.StartsWith("https://", StringComparison.Ordinal));
}
