using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>One line of list-units: one machine's report of one unit.</summary>
internal sealed record UnitStateRow(FleetUnitState State, IReadOnlyDictionary<string, FleetMachine> Machines);
