namespace Flotilla.Api.Native;

/// <summary>One ndjson line of the journal endpoint; <see cref="Time"/> is RFC 3339 in UTC with milliseconds.</summary>
public sealed record JournalLine(string Time, string Unit, string Source, string Text);
