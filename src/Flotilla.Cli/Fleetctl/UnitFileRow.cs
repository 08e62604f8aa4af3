using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>One line of list-unit-files: the registry unit with what is derived from its text.</summary>
internal sealed record UnitFileRow(FleetUnit Unit, string Hash, bool Global, string? Description, IReadOnlyDictionary<string, FleetMachine> Machines);
