namespace Flotilla.Api.Native;

/// <summary>One key of a recursive listing.</summary>
public sealed record KvItem(string Key, string Value);
