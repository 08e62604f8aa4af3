namespace Flotilla.Api.Native;

/// <summary>One key with its value and the revision it was last written at (or, after a put, the put's revision).</summary>
public sealed record KvEntry(string Key, string Value, long Revision);
