namespace Flotilla.Confd.Stores;

/// <summary>What a store holds under a resource's keys, read at one <see cref="Revision"/> (0 when the store has no revisions).</summary>
public sealed record StoreSnapshot(long Revision, IReadOnlyList<KeyValuePair<string, string>> Pairs);
