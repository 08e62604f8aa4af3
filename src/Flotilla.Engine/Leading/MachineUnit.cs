namespace Flotilla.Engine.Leading;

/// <summary>One assignment key: <paramref name="Unit"/> placed on <paramref name="Machine"/>.</summary>
internal sealed record MachineUnit(string Machine, string Unit);
