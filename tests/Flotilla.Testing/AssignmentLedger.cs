using Flotilla.Registry;
using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;

namespace Flotilla.Testing;

/// <summary>
/// Follows every change under the assignments folder, revision by revision, and records each moment a
/// unit was assigned to more than one machine. A test that kills leaders or races them checks
/// <see cref="Violations"/> at the end: the history, not just the final state, must be clean.
/// </summary>
public sealed class AssignmentLedger : IAsyncDisposable
{
    private readonly RegistryLayout _layout;
    private readonly Dictionary<string, SortedSet<string>> _machinesByUnit = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _following = Task.CompletedTask;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AssignmentLedger(RegistryLayout layout)
    {
        _layout = layout;
    }

    /// <summary>Every time a unit was on two machines at once, as "revision N: unit on m1, m2".</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_machinesByUnit)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>The last revision seen.</summary>
    public long Revision { get; private set; }

    public static async Task<AssignmentLedger> StartAsync(IRegistry registry, RegistryLayout layout)
    {
        var ledger = new AssignmentLedger(layout);
        RangeResult current = await registry.RangeAsync(layout.AssignmentsPrefix);
        foreach (KeyValue item in current.Items)
        {
            ledger.Apply(WatchEventKind.Put, item.Key);
        }

        ledger.Check(current.Revision);
        ledger._following = ledger.FollowAsync(registry, current.Revision + 1);
        return ledger;
    }

    /// <summary>Unit to machine for every assigned unit (the first machine when a unit is on several).</summary>
    public IReadOnlyDictionary<string, string> Assignments()
    {
        lock (_machinesByUnit)
        {
            return _machinesByUnit.ToDictionary(pair => pair.Key, pair => pair.Value.Min!, StringComparer.Ordinal);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the assignments, failing after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyDictionary<string, string>, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_machinesByUnit)
            {
                changed = _changed.Task;
            }

            if (condition(Assignments()))
            {
                return;
            }

            if (_following.IsFaulted)
            {
                await _following;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}; {Assignments().Count} units assigned at revision {Revision}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _following;
        }
        catch (Exception error) when (error is OperationCanceledException or RegistryException)
        {
        }

        _stop.Dispose();
    }

    private async Task FollowAsync(IRegistry registry, long fromRevision)
    {
        await foreach (WatchBatch batch in registry.WatchAsync(_layout.AssignmentsPrefix, fromRevision, _stop.Token))
        {
            lock (_machinesByUnit)
            {
                foreach (IGrouping<long, WatchEvent> revision in batch.Events.GroupBy(change => change.Revision))
                {
                    foreach (WatchEvent change in revision)
                    {
                        Apply(change.Kind, change.Item.Key);
                    }

                    Check(revision.Key);
                }

                Revision = batch.Revision;
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void Apply(WatchEventKind kind, string key)
    {
        if (_layout.Parse(key) is not { Kind: RegistryKeyKind.Assignment, Machine: { } machine, Name: { } unit })
        {
            return;
        }

        if (kind == WatchEventKind.Put)
        {
            if (!_machinesByUnit.TryGetValue(unit, out SortedSet<string>? machines))
            {
                _machinesByUnit[unit] = machines = new SortedSet<string>(StringComparer.Ordinal);
            }

            machines.Add(machine);
        }
        else if (_machinesByUnit.TryGetValue(unit, out SortedSet<string>? machines) && machines.Remove(machine) && machines.Count == 0)
        {
            _machinesByUnit.Remove(unit);
        }
    }

    private void Check(long revision)
    {
        foreach (var (unit, machines) in _machinesByUnit)
        {
            if (machines.Count > 1)
            {
                _violations.Add($"revision {revision}: {unit} on {string.Join(", ", machines)}");
            }
        }
    }
}
