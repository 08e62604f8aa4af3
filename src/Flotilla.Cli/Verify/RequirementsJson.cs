using Flotilla.Units.Fleet;

namespace Flotilla.Cli.Verify;

internal sealed record RequirementsJson(
    string? MachineId,
    IReadOnlyList<string> MachineOf,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Metadata,
    IReadOnlyDictionary<string, IReadOnlyList<string>> MetadataNot,
    IReadOnlyList<string> Conflicts,
    bool Global,
    IReadOnlyList<string> Replaces)
{
    public static RequirementsJson From(FleetRequirements r) =>
        new(r.MachineId, r.MachineOf, Sorted(r.Metadata), Sorted(r.MetadataNot), r.Conflicts, r.Global, r.Replaces);

    private static SortedDictionary<string, IReadOnlyList<string>> Sorted(IReadOnlyDictionary<string, IReadOnlyList<string>> map) =>
        new(map.ToDictionary(), StringComparer.Ordinal);
}
