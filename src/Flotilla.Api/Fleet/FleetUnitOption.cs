namespace Flotilla.Api.Fleet;

/// <summary>One line of a unit file as fleet's API carries it.</summary>
public sealed record FleetUnitOption(string Section, string Name, string Value);
