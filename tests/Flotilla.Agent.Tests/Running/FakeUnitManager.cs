using System.Collections.Concurrent;
using Flotilla.Runner;

namespace Flotilla.Agent.Tests.Running;

/// <summary>
/// An in-memory runner for the agent's logic: units load, start and stop at once, every call is recorded.
/// Real processes are the runner's own tests' business, and the CLI end-to-end tests use the real runner.
/// </summary>
internal sealed class FakeUnitManager : IUnitManager
{
    private readonly ConcurrentDictionary<string, UnitStatus> _units = new(StringComparer.Ordinal);

    public event EventHandler<UnitStatus>? StatusChanged;

    /// <summary>Every job in call order, e.g. "load a.service", "start a.service".</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<UnitStatus> LoadAsync(UnitSource unit, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"load {unit.Name}");
        UnitStatus status = _units.TryGetValue(unit.Name, out UnitStatus? known)
            ? known with { Hash = unit.Hash }
            : new UnitStatus(unit.Name, unit.Hash, UnitLoadState.Loaded, UnitActiveState.Inactive, "dead", "success", null, null, DateTimeOffset.UtcNow);
        return Task.FromResult(Set(status));
    }

    public Task UnloadAsync(string unitName, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"unload {unitName}");
        _units.TryRemove(unitName, out _);
        return Task.CompletedTask;
    }

    /// <summary>Units whose start throws, as a runner failure would.</summary>
    public ConcurrentDictionary<string, bool> FailingStarts { get; } = new(StringComparer.Ordinal);

    /// <summary>Units whose start job does not finish until the test completes the source (a slow ExecStartPre, a notify unit waiting for READY).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> HeldStarts { get; } = new(StringComparer.Ordinal);

    public async Task<UnitStatus> StartAsync(string unitName, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"start {unitName}");
        if (FailingStarts.ContainsKey(unitName))
        {
            throw new InvalidOperationException($"cannot start {unitName}");
        }

        if (HeldStarts.TryGetValue(unitName, out TaskCompletionSource? held))
        {
            Set(Get(unitName) with { ActiveState = UnitActiveState.Activating, SubState = "start-pre" });
            await held.Task.WaitAsync(cancellationToken);
        }

        return Set(Get(unitName) with { ActiveState = UnitActiveState.Active, SubState = "running", MainPid = 4242, Since = DateTimeOffset.UtcNow });
    }

    public Task<UnitStatus> StopAsync(string unitName, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"stop {unitName}");
        return Task.FromResult(Set(Get(unitName) with { ActiveState = UnitActiveState.Inactive, SubState = "dead", MainPid = null, Since = DateTimeOffset.UtcNow }));
    }

    public Task<UnitStatus> ReloadAsync(string unitName, CancellationToken cancellationToken) => Task.FromResult(Get(unitName));

    public IReadOnlyList<UnitStatus> List() => [.. _units.Values.OrderBy(u => u.Name, StringComparer.Ordinal)];

    public UnitStatus? Find(string unitName) => _units.GetValueOrDefault(unitName);

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string unitName, int maxEntries, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JournalEntry>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A unit's process exited on its own (as a real one may).</summary>
    public void Exit(string unitName, UnitActiveState state) =>
        Set(Get(unitName) with { ActiveState = state, SubState = state == UnitActiveState.Failed ? "failed" : "dead", MainPid = null, Since = DateTimeOffset.UtcNow });

    private UnitStatus Get(string unitName) => _units.TryGetValue(unitName, out UnitStatus? status) ? status : throw new UnitNotLoadedException(unitName);

    private UnitStatus Set(UnitStatus status)
    {
        _units[status.Name] = status;
        StatusChanged?.Invoke(this, status);
        return status;
    }
}
