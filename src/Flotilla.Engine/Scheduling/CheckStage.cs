namespace Flotilla.Engine.Scheduling;

/// <summary>How much of an assigned unit's rules a check covers; later stages include earlier ones.</summary>
internal enum CheckStage
{
    /// <summary>MachineID and metadata: the unit and its machine alone.</summary>
    Own,

    /// <summary>Plus MachineOf peers on the same machine.</summary>
    Peers,

    /// <summary>Plus conflicts and replaces with the other units on the machine.</summary>
    Neighbours,
}
