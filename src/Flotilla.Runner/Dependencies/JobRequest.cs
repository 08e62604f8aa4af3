namespace Flotilla.Runner.Dependencies;

/// <summary>A request for one unit; the planner turns it into a transaction over every unit it touches.</summary>
internal sealed record JobRequest(JobRequestKind Kind, string Unit)
{
    public static JobRequest Start(string unit) => new(JobRequestKind.Start, unit);

    public static JobRequest Stop(string unit) => new(JobRequestKind.Stop, unit);

    public static JobRequest Restart(string unit) => new(JobRequestKind.Restart, unit);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Unit}";
}
