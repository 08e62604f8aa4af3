namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>One simulated machine: its ID and the metadata <c>MachineMetadata=</c> is matched against.</summary>
internal sealed record ScaleMachine(string Id, IReadOnlyDictionary<string, string> Metadata);
