namespace Flotilla.Engine.Scheduling;

/// <summary>
/// A machine known to the cluster. <paramref name="MissingSince"/> is null while its presence lease is
/// alive; once set, the machine keeps its units until the view's grace has passed (so a short registry
/// stall does not shuffle the cluster) but takes no new ones.
/// </summary>
public sealed record ClusterMachine(string Id, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset? MissingSince = null)
{
    /// <summary>Whether the presence lease is alive.</summary>
    public bool IsPresent => MissingSince is null;
}
