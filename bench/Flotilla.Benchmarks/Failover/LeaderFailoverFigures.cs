namespace Flotilla.Benchmarks.Failover;

/// <summary>One leader-failover run; every time is measured from the kill of the leader's agent.</summary>
internal sealed record LeaderFailoverFigures(int PlacedBeforeKill, TimeSpan LeaderKeyGone, TimeSpan Resumed, TimeSpan AllAssigned, TimeSpan AllOnLiveMachines);
