namespace Flotilla.Runner;

/// <summary>A unit as the registry holds it: its name (an instance for template units), normalized text and hash.</summary>
public sealed record UnitSource(string Name, string Text, string Hash);
