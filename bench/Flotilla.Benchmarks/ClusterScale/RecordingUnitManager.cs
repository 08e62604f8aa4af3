using System.Collections.Concurrent;
using Flotilla.Runner;

namespace Flotilla.Benchmarks.ClusterScale;

/// <summary>
/// A runner without processes for a simulated machine: it records load, start, stop and unload, and
/// reports the status each would leave behind (a start is at once active/running), through
/// <see cref="StatusChanged"/> as the built-in runner does. The agent above it cannot tell the difference
/// in what it reads and publishes, so the benchmark measures the agent and the registry, not processes.
/// </summary>
internal sealed class RecordingUnitManager(TimeProvider time, RunnerTally tally) : IUnitManager
{
    private readonly ConcurrentDictionary<string, UnitStatus> _units = new(StringComparer.Ordinal);

    public event EventHandler<UnitStatus>? StatusChanged;

    public Task<UnitStatus> LoadAsync(UnitSource unit, CancellationToken cancellationToken)
    {
        tally.Loaded();
        UnitStatus status = _units.AddOrUpdate(
            unit.Name,
            name => Status(name, unit.Hash, UnitActiveState.Inactive, "dead"),
            (_, known) => known with { Hash = unit.Hash });
        Raise(status);
        return Task.FromResult(status);
    }

    public Task UnloadAsync(string unitName, CancellationToken cancellationToken)
    {
        if (_units.TryRemove(unitName, out UnitStatus? known))
        {
            tally.Unloaded();
            Raise(known with { ActiveState = UnitActiveState.Inactive, SubState = "dead", Since = time.GetUtcNow() });
        }

        return Task.CompletedTask;
    }

    public Task<UnitStatus> StartAsync(string unitName, CancellationToken cancellationToken)
    {
        tally.Started();
        return Task.FromResult(Change(unitName, UnitActiveState.Active, "running"));
    }

    public Task<UnitStatus> StopAsync(string unitName, CancellationToken cancellationToken)
    {
        tally.Stopped();
        return Task.FromResult(Change(unitName, UnitActiveState.Inactive, "dead"));
    }

    public Task<UnitStatus> ReloadAsync(string unitName, CancellationToken cancellationToken) =>
        Task.FromResult(Find(unitName) ?? throw new UnitNotLoadedException(unitName));

    public IReadOnlyList<UnitStatus> List() => [.. _units.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public UnitStatus? Find(string unitName) => _units.GetValueOrDefault(unitName);

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(string unitName, int maxEntries, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JournalEntry>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private UnitStatus Change(string unitName, UnitActiveState state, string subState)
    {
        UnitStatus known = Find(unitName) ?? throw new UnitNotLoadedException(unitName);
        UnitStatus changed = known with { ActiveState = state, SubState = subState, Since = time.GetUtcNow() };
        _units[unitName] = changed;
        Raise(changed);
        return changed;
    }

    private UnitStatus Status(string name, string hash, UnitActiveState state, string subState) =>
        new(name, hash, UnitLoadState.Loaded, state, subState, "success", null, null, time.GetUtcNow());

    private void Raise(UnitStatus status) => StatusChanged?.Invoke(this, status);
}
