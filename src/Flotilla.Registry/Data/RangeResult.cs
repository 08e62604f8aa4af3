namespace Flotilla.Registry.Data;

/// <summary>A consistent snapshot of a prefix: the keys, sorted, as they were at <see cref="Revision"/>.</summary>
public sealed record RangeResult(long Revision, IReadOnlyList<KeyValue> Items);
