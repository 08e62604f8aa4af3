using Flotilla.Cli.Client;

namespace Flotilla.Cli.Fleetctl;

/// <summary>How fleetctl names a machine in listings: <c>8chars...</c> (or the full ID with --full), then <c>/IP</c> when known.</summary>
internal static class MachineLegend
{
    private const int ShortIdLength = 8;

    public static string Id(string id, bool full) =>
        full ? id : (id.Length <= ShortIdLength ? id : id[..ShortIdLength]) + "...";

    /// <param name="machines">Known machines by ID; a machine not among them prints without IP.</param>
    public static string WithIp(string? id, IReadOnlyDictionary<string, FleetMachine> machines, bool full)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "-";
        }

        var legend = Id(id, full);
        return machines.TryGetValue(id, out var machine) && !string.IsNullOrEmpty(machine.PrimaryIp)
            ? $"{legend}/{machine.PrimaryIp}"
            : legend;
    }
}
