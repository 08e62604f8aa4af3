using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Fleet;
using Flotilla.Units.Names;
using Flotilla.Units.Syntax;

namespace Flotilla.Engine.Leading;

/// <summary>
/// A unit as the engine knows it from <c>units/&lt;name&gt;</c>: its hash and either its scheduling
/// rules or, when the stored record cannot be used, why not (that text becomes the unit's reason).
/// </summary>
/// <remarks>
/// The CLI and API validate units before storing them, so an unusable record means a hand-written key or
/// a newer Flotilla; such a unit is never placed, and its reason names the key so it can be fixed.
/// </remarks>
internal sealed record SubmittedUnit(string Name, string Hash, ClusterUnit? Unit, string? Problem)
{
    public static SubmittedUnit FromRecord(string name, UnitRecord record)
    {
        if (!UnitName.TryParse(name, out UnitName? unitName))
        {
            return Unusable(name, record.Hash, $"unit name {name} is not a valid unit name");
        }

        var diagnostics = new List<UnitDiagnostic>();
        UnitFile file = UnitFileParser.Parse(name, record.Text, diagnostics);
        FleetRequirements requirements = FleetRequirementsReader.Read(file, unitName, diagnostics);
        UnitDiagnostic? error = diagnostics.FirstOrDefault(d => d.IsError);
        if (error is not null)
        {
            return Unusable(name, record.Hash, $"unit file is invalid: {error}");
        }

        return new SubmittedUnit(name, record.Hash, new ClusterUnit(name, requirements, ToEngineState(record.DesiredState)), null);
    }

    /// <summary>The same text with a new desired state: the rules parsed before still hold.</summary>
    public static SubmittedUnit FromParsed(string name, UnitRecord record, ClusterUnit parsed) =>
        new(name, record.Hash, parsed with { Desired = ToEngineState(record.DesiredState) }, null);

    public static SubmittedUnit Unusable(string name, string hash, string problem) => new(name, hash, null, problem);

    private static DesiredState ToEngineState(UnitDesiredState state) => state switch
    {
        UnitDesiredState.Inactive => DesiredState.Inactive,
        UnitDesiredState.Loaded => DesiredState.Loaded,
        UnitDesiredState.Launched => DesiredState.Launched,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown desired state"),
    };
}
