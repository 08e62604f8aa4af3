namespace Flotilla.Engine.Scheduling;

/// <summary>
/// A unit that should run but fits no machine. fleet left such units silently unscheduled; the reason is
/// recorded so list-unit-files, status and the API can show it.
/// </summary>
public sealed record Unplaceable(string Unit, string Reason);
