using Flotilla.Engine.Scheduling;
using Flotilla.Registry.Layout;
using Flotilla.Runner;
using Flotilla.Units.Diagnostics;
using Flotilla.Units.Fleet;
using Flotilla.Units.Names;
using Flotilla.Units.Syntax;

namespace Flotilla.Agent.Reconciling;

/// <summary>
/// A unit of the cluster as the agent knows it: its record and its <c>[X-Fleet]</c> rules, parsed once
/// per text and kept with it, so a change of desired state alone is not parsed again.
/// </summary>
/// <param name="Rules">The unit's rules in the scheduler's terms, or null when the text cannot be read or the unit is a template.</param>
public sealed record KnownUnit(UnitRecord Record, ClusterUnit? Rules)
{
    public string Name => Record.Name;

    public bool IsGlobal => Rules?.IsGlobal ?? false;

    public UnitSource Source => new(Record.Name, Record.Text, Record.Hash);

    /// <summary>Reads the rules of <paramref name="record"/>, reusing <paramref name="previous"/> when only the desired state changed.</summary>
    public static KnownUnit From(UnitRecord record, KnownUnit? previous = null)
    {
        if (previous is { Rules: { } rules } && previous.Record.Hash == record.Hash && previous.Name == record.Name)
        {
            return new KnownUnit(record, rules with { Desired = ToDesired(record.DesiredState) });
        }

        // A template (foo@.service) is only text to create instances from: it never runs, not even when global.
        if (!UnitName.TryParse(record.Name, out UnitName? name) || name.IsTemplate)
        {
            return new KnownUnit(record, null);
        }

        var diagnostics = new List<UnitDiagnostic>();
        UnitFile file = UnitFileParser.Parse(record.Name, record.Text, diagnostics);
        FleetRequirements requirements = FleetRequirementsReader.Read(file, name, diagnostics);
        return diagnostics.Any(d => d.IsError)
            ? new KnownUnit(record, null)
            : new KnownUnit(record, new ClusterUnit(record.Name, requirements, ToDesired(record.DesiredState)));
    }

    private static DesiredState ToDesired(UnitDesiredState state) => state switch
    {
        UnitDesiredState.Loaded => DesiredState.Loaded,
        UnitDesiredState.Launched => DesiredState.Launched,
        _ => DesiredState.Inactive,
    };
}
