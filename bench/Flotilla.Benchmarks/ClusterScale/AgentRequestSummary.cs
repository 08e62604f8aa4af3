namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>One kind of request over all agents of a run: the mean and the busiest agent, and the cluster's total.</summary>
internal sealed record AgentRequestSummary(string Kind, double Mean, long Max, long Total)
{
    public static AgentRequestSummary Of(string kind, IReadOnlyList<long> perAgent) =>
        new(kind, perAgent.Count == 0 ? 0 : perAgent.Average(), perAgent.Count == 0 ? 0 : perAgent.Max(), perAgent.Sum());
}
