using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Benchmarks.Failover;

/// <summary>
/// One change of the cluster's registry as the harness saw it: when (on the harness's clock), at which
/// revision, and what it means. <see cref="ActiveState"/> is set for unit-state puts only.
/// </summary>
internal sealed record ClusterEvent(TimeSpan At, long Revision, WatchEventKind Kind, RegistryKey Key, string? ActiveState)
{
    public bool IsPut => Kind == WatchEventKind.Put;
}
