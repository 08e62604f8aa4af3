namespace Flotilla.Engine.Scheduling;

/// <summary>Remove the assignment of <paramref name="Unit"/> from <paramref name="Machine"/>.</summary>
public sealed record Unschedule(string Unit, string Machine, string Reason);
