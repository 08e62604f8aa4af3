using Flotilla.Runner.Dependencies;
using Flotilla.Runner.Supervision;
using Microsoft.Extensions.Logging;

namespace Flotilla.Runner;

/// <summary>
/// The wiring between the runner and the dependency planner: requests run as transactions, and units react
/// (BindsTo=, OnFailure=) when another unit goes down on its own.
/// </summary>
public sealed partial class BuiltInUnitManager
{
    private const string DependencyFailedPrefix = "dependency failed: ";

    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, UnitActiveState> _lastActive = new(StringComparer.Ordinal);
    private readonly List<Task> _reactions = [];
    private readonly Dictionary<string, int> _pendingJobs = new(StringComparer.Ordinal);

    /// <summary>
    /// Plans a request over the units loaded now and runs it; returns the requested unit's status. A refused
    /// request changes nothing and says why in the unit's status text and journal: it is no exception.
    /// </summary>
    private async Task<UnitStatus> RunRequestAsync(JobRequest request, CancellationToken cancellationToken)
    {
        var supervisor = Supervisor(request.Unit);
        var plan = new TransactionPlanner(Graph()).Plan(request);
        await RunPlanAsync(plan, reportTo: request.Unit, cancellationToken).ConfigureAwait(false);

        // The unit may have been unloaded while the transaction ran: then its last status is the answer.
        return Find(request.Unit) ?? supervisor.Status;
    }

    /// <summary>Runs one planned transaction; a refusal or the planner's notes go to <paramref name="reportTo"/>'s journal.</summary>
    private async Task RunPlanAsync(TransactionPlan plan, string reportTo, CancellationToken cancellationToken)
    {
        var requested = _units.GetValueOrDefault(plan.Request.Unit);
        var reporter = requested ?? _units.GetValueOrDefault(reportTo);
        if (plan.IsRefused)
        {
            var line = $"Failed to {plan.Request.Kind.ToString().ToLowerInvariant()} {plan.Request.Unit}: {plan.RefusalReason}";
            if (requested is not null)
            {
                requested.ReportRefused(line, plan.RefusalReason!);
            }
            else
            {
                // Only a reaction can ask for a unit that is not loaded: its cause keeps its own status text.
                reporter?.Note(line);
            }

            return;
        }

        var transaction = plan.Transaction!;
        foreach (var note in transaction.Notes)
        {
            reporter?.Note(note);
        }

        var unfinished = new HashSet<UnitJob>(transaction.Jobs);
        CountPendingJobs(unfinished, +1);
        var executor = new TransactionExecutor(this);
        executor.JobFinished += (_, outcome) =>
        {
            ReportJob(outcome);
            if (unfinished.Remove(outcome.Job))
            {
                CountPendingJobs([outcome.Job], -1);
                Schedule(token => CheckBindsToAsync(outcome.Job.Unit, token));
            }
        };
        try
        {
            await executor.RunAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CountPendingJobs(unfinished, -1);
        }
    }

    /// <summary>Keeps count of the jobs planned but not finished on each unit: BindsTo= waits for them to settle.</summary>
    private void CountPendingJobs(IEnumerable<UnitJob> jobs, int change)
    {
        lock (_pendingJobs)
        {
            foreach (var job in jobs)
            {
                var count = _pendingJobs.GetValueOrDefault(job.Unit) + change;
                if (count > 0)
                {
                    _pendingJobs[job.Unit] = count;
                }
                else
                {
                    _pendingJobs.Remove(job.Unit);
                }
            }
        }
    }

    private HashSet<string> UnitsWithPendingJobs()
    {
        lock (_pendingJobs)
        {
            return new HashSet<string>(_pendingJobs.Keys, StringComparer.Ordinal);
        }
    }

    /// <summary>After a job on <paramref name="unit"/> has ended: stops what now runs bound to a unit that is down.</summary>
    private async Task CheckBindsToAsync(string unit, CancellationToken cancellationToken)
    {
        var planner = new TransactionPlanner(Graph());
        foreach (var stop in planner.BoundToInactive(unit, UnitsWithPendingJobs()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _units.GetValueOrDefault(stop.Unit)?.Note($"Unit {stop.Unit} is bound to inactive unit {stop.InactiveUnit}. Stopping, too.");
            await RunPlanAsync(planner.Plan(stop.Request), reportTo: stop.Unit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Shows a start that a failed dependency cancelled on its unit, as systemd does.</summary>
    private void ReportJob(JobOutcome outcome)
    {
        if (outcome.Result == JobResult.Cancelled
            && outcome.Reason is { } reason
            && reason.StartsWith(DependencyFailedPrefix, StringComparison.Ordinal)
            && _units.TryGetValue(outcome.Job.Unit, out var supervisor))
        {
            supervisor.ReportDependencyFailed(outcome.Job.TypeText, reason);
        }
    }

    /// <summary>The planner's view of this machine right now: every loaded unit, its dependencies and its state.</summary>
    private UnitGraph Graph() => new(_units.Values.Select(unit => UnitSnapshot.From(unit.Status, unit.Dependencies)));

    /// <summary>
    /// Turns a change of a unit's state into the events its dependents react to. Called while the unit's
    /// own job holds its lock, so the reactions run as jobs of their own, on another task: a reaction that
    /// stops or starts this very unit again must wait for the current job, not deadlock on it.
    /// </summary>
    private void NoticeStateChange(UnitStatus status)
    {
        UnitActiveState? previous;
        lock (_lastActive)
        {
            previous = _lastActive.TryGetValue(status.Name, out var last) ? last : null;
            _lastActive[status.Name] = status.ActiveState;
        }

        var unitEvent = (previous, status.ActiveState) switch
        {
            ({ } before, UnitActiveState.Failed) when before != UnitActiveState.Failed => UnitEvent.Failed(status.Name),
            ({ } before, UnitActiveState.Inactive) when before is not (UnitActiveState.Inactive or UnitActiveState.Failed) => UnitEvent.BecameInactive(status.Name),
            _ => null,
        };
        if (unitEvent is not null)
        {
            Schedule(token => ReactAsync(unitEvent, token));
        }
    }

    /// <summary>
    /// Runs a reaction on a task of its own (never inside the job that caused it), unless the manager is
    /// being disposed; a failing reaction is logged and does not hold back the others.
    /// </summary>
    private void Schedule(Func<CancellationToken, Task> reaction)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var token = _stopping.Token;
        lock (_reactions)
        {
            _reactions.RemoveAll(task => task.IsCompleted);
            _reactions.Add(Task.Run(() => RunReactionAsync(reaction, token)));
        }
    }

    private async Task RunReactionAsync(Func<CancellationToken, Task> reaction, CancellationToken cancellationToken)
    {
        try
        {
            await reaction(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The manager is being disposed: it stops every unit itself.
        }
#pragma warning disable CA1031 // A reaction runs on its own task: its failure is logged, it must not go unobserved or stop other reactions.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReactionFailed(_options.Logger, e);
        }
    }

    private void ForgetState(string unitName)
    {
        lock (_lastActive)
        {
            _lastActive.Remove(unitName);
        }
    }

    private Task[] RunningReactions()
    {
        lock (_reactions)
        {
            return [.. _reactions];
        }
    }

    /// <summary>Runs systemd's reactions to an event one after another: the stops of bound units first, then OnFailure= starts.</summary>
    private async Task ReactAsync(UnitEvent unitEvent, CancellationToken cancellationToken)
    {
        var plans = new TransactionPlanner(Graph()).PlanReactions(unitEvent);
        foreach (var plan in plans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AnnounceReaction(unitEvent, plan.Request);
            await RunPlanAsync(plan, reportTo: unitEvent.Unit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>systemd's journal lines for its own reactions, on the unit they concern.</summary>
    private void AnnounceReaction(UnitEvent unitEvent, JobRequest request)
    {
        if (request.Kind == JobRequestKind.Stop)
        {
            _units.GetValueOrDefault(request.Unit)?.Note($"Unit {request.Unit} is bound to inactive unit {unitEvent.Unit}. Stopping, too.");
        }
        else
        {
            _units.GetValueOrDefault(unitEvent.Unit)?.Note($"Triggering OnFailure= dependencies: starting {request.Unit}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dependency reaction failed")]
    private static partial void LogReactionFailed(ILogger logger, Exception exception);
}
