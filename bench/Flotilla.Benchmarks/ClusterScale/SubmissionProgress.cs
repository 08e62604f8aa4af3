namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>How far submitting got: units committed so far, when the last batch was committed, or why it stopped.</summary>
internal sealed class SubmissionProgress
{
    private int _units;

    public int Units => Volatile.Read(ref _units);

    public TimeSpan? FinishedAt { get; private set; }

    public void Add(int units) => Interlocked.Add(ref _units, units);

    public string? Failure { get; private set; }

    public void Finished(TimeSpan at) => FinishedAt = at;

    public void Failed(string reason) => Failure = reason;
}
