namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>The jobs every <see cref="RecordingUnitManager"/> of a run was asked to do, summed.</summary>
internal sealed class RunnerTally
{
    private long _loads;
    private long _starts;
    private long _stops;
    private long _unloads;

    public long Loads => Interlocked.Read(ref _loads);

    public long Starts => Interlocked.Read(ref _starts);

    public long Stops => Interlocked.Read(ref _stops);

    public long Unloads => Interlocked.Read(ref _unloads);

    public void Loaded() => Interlocked.Increment(ref _loads);

    public void Started() => Interlocked.Increment(ref _starts);

    public void Stopped() => Interlocked.Increment(ref _stops);

    public void Unloaded() => Interlocked.Increment(ref _unloads);
}
