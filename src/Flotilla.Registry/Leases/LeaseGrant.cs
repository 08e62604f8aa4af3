namespace Flotilla.Registry.Leases;

/// <summary>A granted lease: its ID (never 0) and TTL in whole seconds.</summary>
public sealed record LeaseGrant(long Id, TimeSpan Ttl);
