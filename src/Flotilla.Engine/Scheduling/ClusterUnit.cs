using Flotilla.Units.Fleet;

namespace Flotilla.Engine.Scheduling;

/// <summary>A submitted unit: its name, its <c>[X-Fleet]</c> rules and its desired state.</summary>
public sealed record ClusterUnit(string Name, FleetRequirements Requirements, DesiredState Desired)
{
    /// <summary>Global units run wherever they qualify; the agents start them, the engine never places them.</summary>
    public bool IsGlobal => Requirements.Global;

    /// <summary>Whether the engine must find a machine for this unit.</summary>
    internal bool NeedsMachine => !IsGlobal && Desired != DesiredState.Inactive;
}
