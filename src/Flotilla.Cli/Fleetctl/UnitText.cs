using Flotilla.Cli.Client;
using Flotilla.Units.Fleet;
using Flotilla.Units.Names;
using Flotilla.Units.Syntax;
using Flotilla.Units.Diagnostics;

namespace Flotilla.Cli.Fleetctl;

/// <summary>Converts between a registry unit's options and the unit-file model (normalized text, hash, Global, Description).</summary>
internal static class UnitText
{
    public static UnitFile ToUnitFile(FleetUnit unit) =>
        new(unit.Name, (unit.Options ?? []).Select(o => new UnitOption(o.Section, o.Name, o.Value)).ToList());

    public static IReadOnlyList<FleetUnitOption> ToOptions(UnitFile file) =>
        file.Options.Select(o => new FleetUnitOption(o.Section, o.Name, o.Value)).ToList();

    public static bool IsGlobal(UnitFile file, string unitName)
    {
        var name = UnitName.TryParse(unitName, out var parsed) ? parsed : null;
        return FleetRequirementsReader.Read(file, name, new List<UnitDiagnostic>()).Global;
    }

    public static bool IsGlobal(FleetUnit unit) => IsGlobal(ToUnitFile(unit), unit.Name);

    public static string? Description(UnitFile file) => file.Last("Unit", "Description")?.Value;
}
