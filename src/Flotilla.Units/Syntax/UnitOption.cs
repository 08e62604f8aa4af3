namespace Flotilla.Units.Syntax;

/// <summary>
/// One <c>Name=Value</c> assignment as written in a unit file (after continuation lines were joined
/// and surrounding whitespace was stripped). <paramref name="Line"/> is the 1-based line where the
/// assignment starts; 0 for options that did not come from a file (the fleet API sends options only).
/// </summary>
public sealed record UnitOption(string Section, string Name, string Value, int Line = 0);
