namespace Flotilla.Agent.Reconciling;

/// <summary>What the agent asks of the runner, in the order fleet's agent ran its tasks.</summary>
public enum AgentTaskKind
{
    /// <summary>Stop (if running) and forget a unit this machine should no longer have.</summary>
    Unload,

    /// <summary>Load a unit, or its new text after a replace.</summary>
    Load,

    /// <summary>Stop a unit that should stay loaded but not run.</summary>
    Stop,

    /// <summary>Start a unit that should run.</summary>
    Start,
}
