namespace Flotilla.Api.Native;

/// <summary>How many keys a delete removed.</summary>
public sealed record KvDeleted(long Deleted);
