using Flotilla.Runner;

namespace Flotilla.Agent.Reconciling;

/// <summary>One step of a reconcile pass; <see cref="Source"/> is set for <see cref="AgentTaskKind.Load"/> only.</summary>
public sealed record AgentTask(AgentTaskKind Kind, string UnitName, UnitSource? Source = null)
{
    public static AgentTask Unload(string unitName) => new(AgentTaskKind.Unload, unitName);

    public static AgentTask Load(UnitSource source) => new(AgentTaskKind.Load, source.Name, source);

    public static AgentTask Stop(string unitName) => new(AgentTaskKind.Stop, unitName);

    public static AgentTask Start(string unitName) => new(AgentTaskKind.Start, unitName);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {UnitName}";
}
