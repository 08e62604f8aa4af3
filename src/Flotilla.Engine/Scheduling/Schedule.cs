namespace Flotilla.Engine.Scheduling;

/// <summary>Assign <paramref name="Unit"/> to <paramref name="Machine"/>.</summary>
public sealed record Schedule(string Unit, string Machine);
