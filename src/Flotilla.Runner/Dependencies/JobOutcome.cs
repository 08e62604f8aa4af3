namespace Flotilla.Runner.Dependencies;

/// <summary>
/// How one job ended, why when it did not succeed (<c>dependency failed: a.service</c>), and the unit's
/// status afterwards when the job ran.
/// </summary>
internal sealed record JobOutcome(UnitJob Job, JobResult Result, string? Reason, UnitStatus? Status);
