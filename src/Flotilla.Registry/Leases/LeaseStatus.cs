namespace Flotilla.Registry.Leases;

/// <summary>A live lease: the TTL it was granted, the time left, and the keys attached to it (sorted).</summary>
public sealed record LeaseStatus(long Id, TimeSpan GrantedTtl, TimeSpan RemainingTtl, IReadOnlyList<string> Keys);
