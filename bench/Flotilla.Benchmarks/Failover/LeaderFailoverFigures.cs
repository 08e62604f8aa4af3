namespace Flotilla.Benchmarks.Failover;

/// <summary>One leader-failover run; every time is measured from the kill of the leader's agent (Submitted: when the rest of the burst was in).</summary>
internal sealed record LeaderFailoverFigures(int PlacedBeforeKill, TimeSpan Submitted, TimeSpan LeaderKeyGone, TimeSpan Resumed, TimeSpan AllAssigned, TimeSpan AllOnLiveMachines);
