namespace Flotilla.Benchmarks.Failover;

/// <summary>One agent-failover run, every time measured from the kill: when the victim's presence key vanished, and per moved unit when it was reassigned and when it was active elsewhere; then how long the restarted victim took to register again.</summary>
internal sealed record AgentFailoverFigures(string Victim, TimeSpan LeaseGone, IReadOnlyList<TimeSpan> Reassigned, IReadOnlyList<TimeSpan> Active, TimeSpan Rejoined);
