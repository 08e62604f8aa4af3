namespace Flotilla.Runner.Dependencies;

/// <summary>Something that happened to a unit on its own, to which its dependents react.</summary>
internal sealed record UnitEvent(UnitEventKind Kind, string Unit)
{
    public static UnitEvent BecameInactive(string unit) => new(UnitEventKind.BecameInactive, unit);

    public static UnitEvent Failed(string unit) => new(UnitEventKind.Failed, unit);
}
