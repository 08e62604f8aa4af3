namespace Flotilla.Registry.Data;

/// <summary>How many keys a delete removed and the store's revision after it.</summary>
public sealed record DeleteResult(long Revision, long Deleted);
