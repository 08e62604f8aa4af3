using Flotilla.Runner;

namespace Flotilla.Agent.Reconciling;

/// <summary>
/// A unit this machine should have loaded: its text as the registry holds it, whether it should also
/// run (desired state <c>launched</c>) or only be loaded (<c>loaded</c>), and whether it is here
/// because it is global (global units survive self-fencing: they run everywhere anyway).
/// </summary>
public sealed record DesiredUnit(UnitSource Source, bool Launch, bool IsGlobal)
{
    public string Name => Source.Name;
}
