namespace Flotilla.Registry.Election;

/// <summary>Who leads, as an observer sees it: the candidate key with the lowest create revision.</summary>
public sealed record LeaderInfo(string Key, string Value, long CreateRevision, long LeaseId);
