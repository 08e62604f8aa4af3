namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>How far submitting got: units committed so far, and when the last batch was committed.</summary>
internal sealed class SubmissionProgress
{
    private int _units;

    public int Units => Volatile.Read(ref _units);

    public TimeSpan? FinishedAt { get; private set; }

    public void Add(int units) => Interlocked.Add(ref _units, units);

    public void Finished(TimeSpan at) => FinishedAt = at;
}
