using Flotilla.Registry.Layout;

namespace Flotilla.Agent.Running;

/// <summary>
/// A unit this agent is told about by its own assignment or by the global index: which text (hash) and
/// in which desired state. The text itself comes from <c>units/&lt;name&gt;</c>, read once per hash.
/// </summary>
internal sealed record WantedUnit(string Name, string Hash, UnitDesiredState DesiredState);
