using Flotilla.Agent.Presence;
using Flotilla.Agent.Reconciling;
using Flotilla.Engine.Leading;
using Flotilla.Engine.Scheduling;
using Flotilla.Registry;
using Flotilla.Registry.Data;
using Flotilla.Registry.Errors;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Leases;
using Flotilla.Registry.Watching;
using Flotilla.Agent.Registering;
using Flotilla.Runner;
using Flotilla.Units.Specifiers;
using Microsoft.Extensions.Logging;

namespace Flotilla.Agent.Running;

/// <summary>
/// The agent of one machine: holds the machine's presence lease, follows its assignments and the global
/// units, drives the runner with <see cref="AgentReconciler"/>, publishes each unit's state under the
/// lease, and hosts an engine candidate so any machine can lead.
/// </summary>
/// <remarks>
/// <para>Presence: the machine key and every state key hang on one lease kept alive by
/// <see cref="LeaseKeeper"/>. When renewals have failed for so long that the lease may expire soon
/// (<see cref="FencePolicy"/>), the agent fences itself: it stops every non-global unit, disarms the
/// watchdog's deadline and waits for the registry; once a new lease is granted it registers again,
/// republishes its states and reconciles from a fresh read.</para>
/// <para>Shutdown (cancellation): every unit is stopped while the lease is still kept alive, then the
/// lease is revoked, so the engine moves the units at once and they never run in two places.</para>
/// </remarks>
public sealed class MachineAgent
{
    private readonly IRegistry _registry;
    private readonly IUnitManager _units;
    private readonly AgentOptions _options;
    private readonly ClusterRegistry _cluster;
    private readonly DeadlineFile? _deadline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterMachine _machine;
    private readonly DateTimeOffset _startedAt;
    private readonly RegistrationPublisher _registrations;
    private readonly WakeSignal _reconcileSignal = new();
    private readonly WakeSignal _publishSignal = new();
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnitStateRecord> _published = new(StringComparer.Ordinal);

    // Texts read from units/<name>, kept across sessions (a text never changes under its hash).
    private readonly UnitTextCache _texts = new();
    private HashSet<string> _globals = new(StringComparer.Ordinal);
    private long _leaseId;
    private int _fences;

    // Ticks (UTC) until which this agent may start units: the moment it would fence, as of its last renewal.
    private long _mayStartUntil = DateTimeOffset.MinValue.UtcTicks;

    public MachineAgent(IRegistry registry, IUnitManager units, AgentOptions options)
    {
        RegistryLayout.CheckMachineId(options.MachineId);
        _registry = registry;
        _units = units;
        _options = options;
        _cluster = new ClusterRegistry(registry, options.Layout);
        _deadline = options.DeadlineFile is { } path ? new DeadlineFile(path) : null;
        _time = options.Time;
        _logger = options.Logger;
        _machine = new ClusterMachine(options.MachineId, options.Metadata);
        _startedAt = _time.GetUtcNow();
        IHostFacts host = options.Host ?? new FixedHostFacts { HostName = new LocalHostFacts().HostName, MachineId = options.MachineId };
        _registrations = new RegistrationPublisher(registry, units, host, options.Layout, _time, _logger);
    }

    /// <summary>The presence lease held right now, or 0 (before registering, and while fenced).</summary>
    public long LeaseId => Interlocked.Read(ref _leaseId);

    /// <summary>How many times this agent has fenced itself (counted once the units are stopped).</summary>
    public int FenceCount => Volatile.Read(ref _fences);

    /// <summary>
    /// Null while this agent holds its presence lease with time to spare, else why it must not start units:
    /// the gate for the runner (<see cref="BuiltInRunnerOptions.StartGate"/>). Read from the clock, not from
    /// a flag the agent sets, so it is already closed when a frozen agent thaws, before any of its loops run.
    /// </summary>
    public string? StartRefusal() =>
        _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _mayStartUntil)
            ? null
            : "the agent does not hold its presence lease (it lost the registry or is stopping)";

    /// <summary>Runs until cancelled, then stops every unit and releases the machine's lease.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Disarm();
        _units.StatusChanged += OnStatusChanged;
        Task engine = _options.Engine is { } engineOptions
            ? new ClusterEngine(_registry, engineOptions with { Layout = _options.Layout }).RunAsync(cancellationToken)
            : Task.CompletedTask;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await HoldLeaseAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _units.StatusChanged -= OnStatusChanged;

            // Normally already done under the lease; this covers a shutdown while no lease was held.
            await StopEverythingAsync();
            Disarm();
            await engine;
            AgentLog.Stopped(_logger);
        }
    }

    private void OnStatusChanged(object? sender, UnitStatus status)
    {
        _publishSignal.Set();
        _registrations.Wake();
        _reconcileSignal.Set();
    }

    /// <summary>One lease's life: grant, serve while it holds, then shut down (cancelled) or fence (lost).</summary>
    private async Task HoldLeaseAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset sentAt = _time.GetUtcNow();
        LeaseGrant lease;
        try
        {
            lease = await _registry.GrantLeaseAsync(_options.AgentTtl, cancellationToken);
        }
        catch (RegistryException error)
        {
            AgentLog.RegistryFailed(_logger, error);
            await Task.Delay(_options.RetryDelay, _time, cancellationToken);
            return;
        }

        // Armed before anything runs under this lease: never later than the lease's expiry in the store.
        Arm(sentAt + lease.Ttl, lease.Ttl);
        Interlocked.Exchange(ref _leaseId, lease.Id);
        await using (LeaseKeeper keeper = LeaseKeeper.Start(_registry, lease, _time, sentAt))
        {
            using var holding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task guarding = GuardLeaseAsync(keeper, holding);
            try
            {
                await ServeAsync(lease, holding.Token);
            }
            catch (OperationCanceledException) when (holding.IsCancellationRequested)
            {
            }

            await holding.CancelAsync();
            await guarding;

            if (cancellationToken.IsCancellationRequested)
            {
                // Units stop while the keeper still renews the lease, so they cannot be placed elsewhere meanwhile.
                await StopEverythingAsync();
                await RevokeQuietlyAsync(lease.Id);
                Interlocked.Exchange(ref _leaseId, 0);
                return;
            }

            await FenceAsync(keeper);
        }

        // Fenced: let the old lease go now (if the store still has it) so the engine need not wait for its TTL.
        await RevokeQuietlyAsync(lease.Id);
    }

    /// <summary>Moves the watchdog's deadline to the lease's expiry and lets units start until the agent would fence.</summary>
    private void Arm(DateTimeOffset expiresAt, TimeSpan ttl)
    {
        _deadline?.Write(expiresAt);
        Interlocked.Exchange(ref _mayStartUntil, (expiresAt - FencePolicy.Lead(ttl)).UtcTicks);
    }

    /// <summary>No deadline for the watchdog, and no starts: the agent holds no lease, or is stopping.</summary>
    private void Disarm()
    {
        Interlocked.Exchange(ref _mayStartUntil, DateTimeOffset.MinValue.UtcTicks);
        _deadline?.Disarm();
    }

    /// <summary>Keeps the watchdog's deadline current and ends the lease's life when it is (nearly) lost.</summary>
    private async Task GuardLeaseAsync(LeaseKeeper keeper, CancellationTokenSource holding)
    {
        TimeSpan interval = FencePolicy.CheckInterval(keeper.Lease.Ttl);
        DateTimeOffset armedUntil = keeper.ExpiresAt;
        try
        {
            while (true)
            {
                DateTimeOffset now = _time.GetUtcNow();
                DateTimeOffset expiresAt = keeper.ExpiresAt;

                // The last condition catches an agent that was frozen (SIGSTOP) past its deadline and whose
                // keeper renewed before this check ran: the watchdog has killed its units meanwhile, so it
                // must fence and start afresh rather than carry on with units it believes are running.
                if (keeper.Lost.IsCancellationRequested || FencePolicy.MustFence(now, expiresAt, keeper.Lease.Ttl) || now >= armedUntil)
                {
                    await holding.CancelAsync();
                    return;
                }

                Arm(expiresAt, keeper.Lease.Ttl);
                armedUntil = expiresAt;
                await Task.Delay(interval, _time, holding.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops every unit that is not global, then disarms the watchdog: nothing left here could run twice.</summary>
    private async Task FenceAsync(LeaseKeeper keeper)
    {
        Interlocked.Exchange(ref _leaseId, 0);
        double lostFor = (_time.GetUtcNow() - (keeper.ExpiresAt - keeper.Lease.Ttl)).TotalSeconds;
        HashSet<string> started;
        lock (_started)
        {
            started = [.. _started];
        }

        List<string> victims = [.. _units.List()
            .Where(s => !_globals.Contains(s.Name) && (AgentReconciler.IsRunning(s) || started.Contains(s.Name)))
            .Select(s => s.Name)];
        AgentLog.Fencing(_logger, Math.Max(0, lostFor), victims.Count);
        using var timeout = new CancellationTokenSource(_options.ShutdownTimeout);
        await Task.WhenAll(victims.Select(name => RunQuietlyAsync(AgentTask.Stop(name), timeout.Token)));
        Disarm();
        lock (_published)
        {
            _published.Clear();
        }

        Interlocked.Increment(ref _fences);
        AgentLog.Fenced(_logger, victims.Count);
    }

    /// <summary>Serves one lease: sessions of read, watch and reconcile, restarted after registry failures.</summary>
    private async Task ServeAsync(LeaseGrant lease, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await RegisterAsync(lease, cancellationToken);
                await RunSessionAsync(lease, cancellationToken);
            }
            catch (RegistryLeaseNotFoundException)
            {
                return; // the lease is gone: fence
            }
            catch (RegistryCompactedException)
            {
                AgentLog.Compacted(_logger);
            }
            catch (RegistryException error) when (!cancellationToken.IsCancellationRequested)
            {
                AgentLog.RegistryFailed(_logger, error);
                await Task.Delay(_options.RetryDelay, _time, cancellationToken);
            }
        }
    }

    private async Task RegisterAsync(LeaseGrant lease, CancellationToken cancellationToken)
    {
        var record = new MachineRecord(_options.MachineId, _options.PublicIp, _options.Metadata, _options.Version, _startedAt) { ApiUrl = _options.ApiUrl };
        await _cluster.RegisterMachineAsync(record, lease.Id, cancellationToken);
        lock (_published)
        {
            // A new session republishes every state, so none is missing after a registry hiccup.
            _published.Clear();
        }

        AgentLog.Registered(_logger, _options.MachineId, lease.Id, lease.Ttl.TotalSeconds);
    }

    /// <summary>
    /// One registry session: reads this machine's assignments and the global index (never <c>units/</c>,
    /// whose size grows with the cluster), then watches those two folders only.
    /// </summary>
    private async Task RunSessionAsync(LeaseGrant lease, CancellationToken cancellationToken)
    {
        RegistryLayout layout = _options.Layout;
        string assignments = layout.MachineAssignmentsPrefix(_options.MachineId);
        var view = new AgentView(layout, _options.MachineId, _texts);
        long revision = await ReadAsync(view, cancellationToken);

        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] watches =
        [
            WatchAsync(view, assignments, revision + 1, session.Token),
            WatchAsync(view, layout.GlobalsPrefix, revision + 1, session.Token),
        ];

        // Publishing runs beside reconciling, so states keep flowing while a slow start job is pending.
        Task reconciling = ReconcileLoopAsync(view, watches, session.Token);
        Task publishing = PublishLoopAsync(lease.Id, session.Token);
        Task registering = _registrations.RunAsync(lease.Id, session.Token);
        try
        {
            await await Task.WhenAny(reconciling, publishing, registering); // each runs until it fails or is cancelled
        }
        finally
        {
            await session.CancelAsync();
            foreach (Task task in watches.Append(reconciling).Append(publishing).Append(registering))
            {
                try
                {
                    await task;
                }
                catch (Exception error) when (error is OperationCanceledException or RegistryException)
                {
                }
            }
        }
    }

    /// <summary>
    /// Reads this machine's assignments and the global index at one revision into the view: the only
    /// ranges an agent ever asks for. Returns the revision read.
    /// </summary>
    private async Task<long> ReadAsync(AgentView view, CancellationToken cancellationToken)
    {
        RegistryLayout layout = _options.Layout;
        RangeResult assigned = await _registry.RangeAsync(layout.MachineAssignmentsPrefix(_options.MachineId), 0, cancellationToken);
        RangeResult globals = await _registry.RangeAsync(layout.GlobalsPrefix, assigned.Revision, cancellationToken);
        lock (view)
        {
            view.Load(assigned.Items.Concat(globals.Items), assigned.Revision);
        }

        return assigned.Revision;
    }

    private async Task ReconcileLoopAsync(AgentView view, Task[] watches, CancellationToken cancellationToken)
    {
        while (true)
        {
            await ReconcileAsync(view, cancellationToken);
            _publishSignal.Set();
            if (await WaitForChangeAsync(watches, cancellationToken))
            {
                // A periodic fresh read of the two folders, in case a watch missed something.
                await ReadAsync(view, cancellationToken);
            }
        }
    }

    private async Task PublishLoopAsync(long leaseId, CancellationToken cancellationToken)
    {
        while (true)
        {
            await PublishStatesAsync(leaseId, cancellationToken);
            await _publishSignal.WaitAsync(cancellationToken);
        }
    }

    private async Task WatchAsync(AgentView view, string prefix, long fromRevision, CancellationToken cancellationToken)
    {
        await foreach (WatchBatch batch in _registry.WatchAsync(prefix, fromRevision, cancellationToken))
        {
            bool changed;
            lock (view)
            {
                changed = view.Apply(batch);
            }

            if (changed)
            {
                _reconcileSignal.Set();
            }
        }
    }

    /// <summary>Waits for a change or the resync interval; returns true when it is time to resync.</summary>
    private async Task<bool> WaitForChangeAsync(Task[] watches, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task resync = Task.Delay(_options.ResyncInterval, _time, waiting.Token);
        Task first = await Task.WhenAny([_reconcileSignal.WaitAsync(waiting.Token), resync, .. watches]);
        await waiting.CancelAsync();
        if (watches.Contains(first))
        {
            await first; // rethrows what ended the watch
            throw new RegistryUnavailableException("the registry watch ended");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return first == resync;
    }

    private async Task ReconcileAsync(AgentView view, CancellationToken cancellationToken)
    {
        await ReadMissingTextsAsync(view, cancellationToken);
        IReadOnlyList<DesiredUnit> desired;
        lock (view)
        {
            (IReadOnlyList<KnownUnit> assigned, IReadOnlyList<KnownUnit> globals) = view.Known();
            desired = DesiredUnitSelector.Select(_machine, assigned, globals);
        }

        _globals = new HashSet<string>(desired.Where(d => d.IsGlobal).Select(d => d.Name), StringComparer.Ordinal);
        HashSet<string> started;
        lock (_started)
        {
            started = [.. _started];
        }

        foreach (IReadOnlyList<IReadOnlyList<AgentTask>> phase in AgentReconciler.PlanPhases(desired, _units.List(), started))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.WhenAll(phase.Select(chain => RunChainAsync(chain, cancellationToken)));
        }
    }

    /// <summary>
    /// Reads, by key, the text of each wanted unit whose hash this agent has no text for: one read per unit
    /// and hash. A unit missing or of another hash is not retried until the next pass, which the engine's
    /// rewrite of the assignment or global record (or the resync) brings.
    /// </summary>
    private async Task ReadMissingTextsAsync(AgentView view, CancellationToken cancellationToken)
    {
        IReadOnlyList<WantedUnit> missing;
        lock (view)
        {
            missing = view.MissingTexts();
        }

        foreach (WantedUnit wanted in missing)
        {
            RegistryEntry<UnitRecord>? unit;
            try
            {
                unit = await _cluster.GetUnitAsync(wanted.Name, cancellationToken);
            }
            catch (RegistryRecordException)
            {
                // Damaged: nothing to run; the engine reports the unit as unusable and removes its assignment.
                continue;
            }

            if (unit is not null)
            {
                lock (view)
                {
                    view.Offer(unit.Record);
                }
            }
        }
    }

    private async Task RunChainAsync(IReadOnlyList<AgentTask> chain, CancellationToken cancellationToken)
    {
        foreach (AgentTask task in chain)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AgentLog.TaskRunning(_logger, task);
            await RunQuietlyAsync(task, cancellationToken);
        }
    }

    /// <summary>Runs one task; a failure is logged and affects only that unit (its state shows the reason).</summary>
    private async Task RunQuietlyAsync(AgentTask task, CancellationToken cancellationToken)
    {
        try
        {
            switch (task.Kind)
            {
                case AgentTaskKind.Unload:
                    await _units.UnloadAsync(task.UnitName, cancellationToken);
                    _registrations.Untrack(task.UnitName);
                    break;
                case AgentTaskKind.Load:
                    await _units.LoadAsync(task.Source!, cancellationToken);
                    _registrations.Track(task.Source!);
                    break;
                case AgentTaskKind.Stop:
                    await _units.StopAsync(task.UnitName, cancellationToken);
                    break;
                case AgentTaskKind.Start:
                    // Marked before the job: a start that fails is not retried by every pass (see AgentReconciler).
                    MarkStarted(task.UnitName, true);
                    await _units.StartAsync(task.UnitName, cancellationToken);
                    break;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AgentLog.TaskFailed(_logger, task, error);
        }

        if (task.Kind != AgentTaskKind.Start)
        {
            MarkStarted(task.UnitName, false);
        }
    }

    private void MarkStarted(string unitName, bool started)
    {
        lock (_started)
        {
            if (started)
            {
                _started.Add(unitName);
            }
            else
            {
                _started.Remove(unitName);
            }
        }
    }

    /// <summary>Writes the state of every unit that changed since it was last published, and removes the states of units gone.</summary>
    private async Task PublishStatesAsync(long leaseId, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (UnitStatus status in _units.List())
        {
            seen.Add(status.Name);
            var record = new UnitStateRecord(status.Name, _options.MachineId, status.Hash, status.LoadText, status.ActiveText, status.SubState, status.Since) { MainPid = status.MainPid };
            lock (_published)
            {
                if (_published.TryGetValue(status.Name, out UnitStateRecord? known) && known == record)
                {
                    continue;
                }
            }

            await _cluster.PublishUnitStateAsync(record, leaseId, cancellationToken);
            lock (_published)
            {
                _published[status.Name] = record;
            }
        }

        List<string> gone;
        lock (_published)
        {
            gone = [.. _published.Keys.Where(name => !seen.Contains(name))];
        }

        foreach (string name in gone)
        {
            await _cluster.DeleteUnitStateAsync(name, _options.MachineId, cancellationToken);
            lock (_published)
            {
                _published.Remove(name);
            }
        }
    }

    private async Task StopEverythingAsync()
    {
        IReadOnlyList<UnitStatus> loaded = _units.List();
        if (loaded.Count == 0)
        {
            return;
        }

        AgentLog.ShuttingDown(_logger, loaded.Count);
        using var timeout = new CancellationTokenSource(_options.ShutdownTimeout);
        await Task.WhenAll(loaded.Select(s => RunQuietlyAsync(AgentTask.Unload(s.Name), timeout.Token)));
    }

    private async Task RevokeQuietlyAsync(long leaseId)
    {
        try
        {
            using var shortly = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _registry.RevokeLeaseAsync(leaseId, shortly.Token);
        }
        catch (Exception error) when (error is RegistryException or OperationCanceledException)
        {
            // Expired already, or the registry is away: the lease ends by itself.
        }
    }
}
