namespace Flotilla.Runner.Dependencies;

/// <summary>What became of every job of a transaction, in the order the jobs finished.</summary>
internal sealed class TransactionOutcome(IReadOnlyList<JobOutcome> jobs)
{
    public IReadOnlyList<JobOutcome> Jobs { get; } = jobs;

    public bool Succeeded => Jobs.All(job => job.Result == JobResult.Done);

    public IEnumerable<string> Units => Jobs.Select(job => job.Job.Unit).Distinct(StringComparer.Ordinal);

    public JobOutcome? Find(string unit, JobType type) => Jobs.FirstOrDefault(job => job.Job.Unit == unit && job.Job.Type == type);

    /// <summary>
    /// What happened to a unit as a whole: a failed job wins, then a cancelled one (a restart whose stop
    /// failed is failed, not cancelled); null when the transaction had no job for it.
    /// </summary>
    public JobOutcome? ForUnit(string unit)
    {
        var jobs = Jobs.Where(job => job.Job.Unit == unit).ToList();
        return jobs.FirstOrDefault(job => job.Result == JobResult.Failed)
            ?? jobs.FirstOrDefault(job => job.Result == JobResult.Cancelled)
            ?? jobs.LastOrDefault();
    }
}
