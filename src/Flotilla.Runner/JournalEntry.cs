namespace Flotilla.Runner;

/// <summary>One line a unit's process wrote (or the runner wrote about the unit), with when it was captured.</summary>
public sealed record JournalEntry(DateTimeOffset Time, string Unit, JournalSource Source, string Text);
