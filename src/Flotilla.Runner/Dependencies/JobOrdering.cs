namespace Flotilla.Runner.Dependencies;

/// <summary><paramref name="Then"/> may begin only once <paramref name="First"/> has finished, whatever its result.</summary>
internal sealed record JobOrdering(UnitJob First, UnitJob Then);
