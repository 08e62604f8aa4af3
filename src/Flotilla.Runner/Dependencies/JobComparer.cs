namespace Flotilla.Runner.Dependencies;

/// <summary>Orders jobs by unit name, then stop before start before verify-active: the planner's tie-breaker.</summary>
internal sealed class JobComparer : IComparer<UnitJob>
{
    public static readonly JobComparer Instance = new();

    public int Compare(UnitJob? x, UnitJob? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byUnit = string.CompareOrdinal(x.Unit, y.Unit);
        return byUnit != 0 ? byUnit : Rank(x.Type).CompareTo(Rank(y.Type));
    }

    private static int Rank(JobType type) => type switch
    {
        JobType.Stop => 0,
        JobType.Start => 1,
        _ => 2,
    };
}
