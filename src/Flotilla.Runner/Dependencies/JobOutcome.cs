namespace Flotilla.Runner.Dependencies;

/// <summary>
/// How one job ended, why when it did not succeed (<c>dependency failed: a.service</c>), and the unit's
/// status afterwards when the job ran.
/// </summary>
internal sealed record JobOutcome(UnitJob Job, JobResult Result, string? Reason, UnitStatus? Status)
{
    /// <summary>
    /// systemd's word for the job result: <c>done</c>, <c>failed</c>, <c>skipped</c> (a Requisite= unit
    /// was not active), <c>dependency</c> (a job it depended on did not succeed) or <c>canceled</c>.
    /// </summary>
    public string ResultText => Result switch
    {
        JobResult.Done => "done",
        JobResult.Failed => Job.Type == JobType.VerifyActive ? "skipped" : "failed",
        _ => Reason is not null && Reason.StartsWith("dependency failed: ", StringComparison.Ordinal) ? "dependency" : "canceled",
    };
}
