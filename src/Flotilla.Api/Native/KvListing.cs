namespace Flotilla.Api.Native;

/// <summary>The keys under a folder, sorted, as of <see cref="Revision"/>.</summary>
public sealed record KvListing(IReadOnlyList<KvItem> Entries, long Revision);
