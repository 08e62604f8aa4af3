namespace Flotilla.Benchmarks.Failover;

/// <summary>One agent-failover run, every time measured from the kill: when the victim's presence key vanished, and per moved unit when it was reassigned and when it was active elsewhere.</summary>
internal sealed record AgentFailoverFigures(string Victim, TimeSpan LeaseGone, IReadOnlyList<TimeSpan> Reassigned, IReadOnlyList<TimeSpan> Active);
