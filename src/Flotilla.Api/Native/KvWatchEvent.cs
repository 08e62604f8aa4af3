namespace Flotilla.Api.Native;

/// <summary>One ndjson line of a kv watch: <see cref="Type"/> is "put" or "delete" (value "" then).</summary>
public sealed record KvWatchEvent(string Type, string Key, string Value, long Revision);
