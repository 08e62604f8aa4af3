using Flotilla.Registry.Data;

namespace Flotilla.Registry.Watching;

/// <summary>
/// One change. For a put, <see cref="Item"/> is the key as written; for a delete (explicit, by prefix or
/// by lease expiry) it carries the key, an empty value, the deleting revision as mod revision, and
/// create revision and version 0, as etcd reports it.
/// </summary>
public sealed record WatchEvent(WatchEventKind Kind, KeyValue Item)
{
    public long Revision => Item.ModRevision;
}
