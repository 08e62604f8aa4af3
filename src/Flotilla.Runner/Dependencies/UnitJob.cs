namespace Flotilla.Runner.Dependencies;

/// <summary>One job of a transaction: a unit and what to do to it. Reads as systemd writes it: <c>a.service/start</c>.</summary>
internal sealed record UnitJob(string Unit, JobType Type)
{
    /// <summary>systemd's name for the job type.</summary>
    public string TypeText => Type switch
    {
        JobType.Start => "start",
        JobType.Stop => "stop",
        _ => "verify-active",
    };

    public override string ToString() => $"{Unit}/{TypeText}";
}
