namespace Flotilla.Registry.Watching;

/// <summary>
/// Events of one or more whole revisions, in revision order (events of one revision in key order for
/// a prefix delete or lease expiry, in operation order for a transaction). <see cref="Revision"/> is the
/// last revision the batch covers.
/// </summary>
public sealed record WatchBatch(long Revision, IReadOnlyList<WatchEvent> Events);
