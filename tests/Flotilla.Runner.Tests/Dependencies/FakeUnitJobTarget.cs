using System.Collections.Concurrent;
using Flotilla.Runner.Dependencies;

namespace Flotilla.Runner.Tests.Dependencies;

/// <summary>
/// An in-memory runner: units flip between inactive and active, starts of chosen units fail, and a job
/// can be held at its beginning until the test releases it (to see what runs at the same time).
/// </summary>
internal sealed class FakeUnitJobTarget : IUnitJobTarget
{
    private readonly ConcurrentDictionary<string, UnitActiveState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _begun = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentQueue<string> _events = new();

    public HashSet<string> FailingStarts { get; } = new(StringComparer.Ordinal);

    public HashSet<string> FailingStops { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ThrowingStarts { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call, in order: <c>start a.service</c>, <c>stop b.service</c>.</summary>
    public IReadOnlyList<string> Calls => _calls.ToArray();

    /// <summary>Every call's beginning and end, in order: <c>begin start a.service</c>, <c>end start a.service</c>.</summary>
    public IReadOnlyList<string> Events => _events.ToArray();

    public FakeUnitJobTarget With(string unit, UnitActiveState state)
    {
        _states[unit] = state;
        return this;
    }

    public UnitActiveState StateOf(string unit) => _states.GetValueOrDefault(unit, UnitActiveState.Inactive);

    /// <summary>The next job on <paramref name="call"/> (e.g. <c>start a.service</c>) waits until <see cref="Release"/>.</summary>
    public void Hold(string call) => _holds[call] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string call) => _holds[call].TrySetResult();

    /// <summary>Completes when the job on <paramref name="call"/> has begun; fails the test after 10 s.</summary>
    public Task Begun(string call) =>
        _begun.GetOrAdd(call, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
            .Task.WaitAsync(TimeSpan.FromSeconds(10));

    public bool HasBegun(string call) => _begun.TryGetValue(call, out var begun) && begun.Task.IsCompleted;

    public async Task<UnitStatus> StartOneAsync(string unit, CancellationToken cancellationToken)
    {
        await Enter($"start {unit}", cancellationToken);
        try
        {
            if (ThrowingStarts.Contains(unit))
            {
                throw new InvalidOperationException($"cannot fork for {unit}");
            }

            _states[unit] = FailingStarts.Contains(unit) ? UnitActiveState.Failed : UnitActiveState.Active;
            return Find(unit)!;
        }
        finally
        {
            _events.Enqueue($"end start {unit}");
        }
    }

    public async Task<UnitStatus> StopOneAsync(string unit, CancellationToken cancellationToken)
    {
        await Enter($"stop {unit}", cancellationToken);
        if (!FailingStops.Contains(unit))
        {
            _states[unit] = UnitActiveState.Inactive;
        }

        _events.Enqueue($"end stop {unit}");
        return Find(unit)!;
    }

    public UnitStatus? Find(string unit)
    {
        var state = StateOf(unit);
        return new UnitStatus(
            unit,
            "hash",
            UnitLoadState.Loaded,
            state,
            state == UnitActiveState.Active ? "running" : state == UnitActiveState.Failed ? "failed" : "dead",
            state == UnitActiveState.Failed ? "exit-code" : "success",
            null,
            null,
            DateTimeOffset.UnixEpoch);
    }

    private async Task Enter(string call, CancellationToken cancellationToken)
    {
        _calls.Enqueue(call);
        _events.Enqueue($"begin {call}");
        _begun.GetOrAdd(call, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (_holds.TryGetValue(call, out var hold))
        {
            await hold.Task.WaitAsync(cancellationToken);
        }
    }
}
