using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>Fetches the units named on the command line, which must all exist.</summary>
internal static class ExistingUnits
{
    /// <exception cref="CommandFailedException"><c>Unit X does not exist.</c></exception>
    public static async Task<IReadOnlyList<FleetUnit>> FetchAsync(FlotillaApiClient client, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var units = new List<FleetUnit>();
        foreach (var (_, name) in UnitArguments.Resolve(arguments))
        {
            units.Add(await client.GetUnitAsync(name.Name, cancellationToken) ?? throw new CommandFailedException($"Unit {name.Name} does not exist."));
        }

        return units;
    }
}
