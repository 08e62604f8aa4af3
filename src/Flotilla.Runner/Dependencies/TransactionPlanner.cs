namespace Flotilla.Runner.Dependencies;

/// <summary>
/// Turns a request (start, stop, restart of one unit) or an event (a unit became inactive or failed on
/// its own) into transactions, with systemd's rules: which jobs a dependency pulls in, which of them the
/// request needs, how jobs of one unit merge, which conflicting or cyclic jobs may be dropped, how jobs are
/// ordered and which failures cancel which jobs. Pure: the same graph and request give the same plan.
/// </summary>
internal sealed class TransactionPlanner(UnitGraph graph)
{
    private readonly UnitGraph _graph = graph ?? throw new ArgumentNullException(nameof(graph));

    public TransactionPlan Plan(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == JobRequestKind.Stop && _graph.Find(request.Unit) is null)
        {
            return TransactionPlan.Refused(request, $"Unit {request.Unit} not loaded.");
        }

        var draft = new TransactionDraft();
        var anchorType = request.Kind switch
        {
            JobRequestKind.Start => DraftJobType.Start,
            JobRequestKind.Stop => DraftJobType.Stop,
            _ => DraftJobType.Restart,
        };
        var error = Pull(draft, anchorType, request.Unit, pulledInBy: null, matters: true, conflicts: false);
        if (error is not null)
        {
            return TransactionPlan.Refused(request, error);
        }

        draft.MarkMattersToAnchor();
        DropRedundant(draft);
        error = MergeJobsOfEachUnit(draft);
        if (error is not null)
        {
            return TransactionPlan.Refused(request, error);
        }

        DropRedundant(draft);
        return TransactionOrdering.Finish(_graph, draft, out var transaction, out error)
            ? TransactionPlan.Accepted(request, transaction!)
            : TransactionPlan.Refused(request, error!);
    }

    /// <summary>
    /// What systemd does, unasked, when a unit changes state on its own: the units bound to it (BindsTo=)
    /// stop when it becomes inactive, and when it fails the units of its OnFailure= start. Each is a request
    /// of its own, as in systemd, so one that is refused does not hold back the others.
    /// </summary>
    public IReadOnlyList<JobRequest> ReactionsTo(UnitEvent unitEvent)
    {
        ArgumentNullException.ThrowIfNull(unitEvent);
        var requests = _graph.BoundBy(unitEvent.Unit)
            .Where(bound => _graph.Find(bound) is { } snapshot
                && !snapshot.IsInactiveOrFailed
                && snapshot.ActiveState != UnitActiveState.Deactivating)
            .Select(JobRequest.Stop)
            .ToList();
        if (unitEvent.Kind == UnitEventKind.Failed && _graph.Find(unitEvent.Unit) is { } failed)
        {
            requests.AddRange(failed.Dependencies.OnFailure.Distinct(StringComparer.Ordinal).Select(JobRequest.Start));
        }

        return requests;
    }

    /// <summary>Plans every reaction to an event, in the order of <see cref="ReactionsTo"/>.</summary>
    public IReadOnlyList<TransactionPlan> PlanReactions(UnitEvent unitEvent) => ReactionsTo(unitEvent).Select(Plan).ToList();

    /// <summary>
    /// Adds a job and, when it is new, the jobs its unit's dependencies pull in. Returns why the job cannot
    /// be had (its unit, or a unit it needs, is not loaded), having taken the job out again.
    /// </summary>
    private string? Pull(TransactionDraft draft, DraftJobType type, string unit, DraftJob? pulledInBy, bool matters, bool conflicts)
    {
        var snapshot = _graph.Find(unit);
        if (type == DraftJobType.Stop)
        {
            // A unit that is not loaded is not running: there is nothing to stop.
            if (snapshot is null)
            {
                return null;
            }
        }
        else if (LoadProblem(unit, snapshot) is { } problem)
        {
            return problem;
        }

        var job = draft.Add(unit, type, pulledInBy, matters, conflicts, out var isNew);
        if (!isNew)
        {
            return null;
        }

        var dependencies = snapshot!.Dependencies;
        if (type is DraftJobType.Start or DraftJobType.Restart)
        {
            foreach (var required in Others(unit, dependencies.Requires.Concat(dependencies.BindsTo)))
            {
                if (Pull(draft, DraftJobType.Start, required, job, matters: true, conflicts: false) is { } error)
                {
                    draft.Delete(job, withDependents: false);
                    return error;
                }
            }

            foreach (var wanted in Others(unit, dependencies.Wants))
            {
                if (Pull(draft, DraftJobType.Start, wanted, job, matters: false, conflicts: false) is { } error)
                {
                    draft.Notes.Add($"Cannot add dependency job for {unit}, ignoring: {error}");
                }
            }

            foreach (var requisite in Others(unit, dependencies.Requisite))
            {
                if (Pull(draft, DraftJobType.VerifyActive, requisite, job, matters: true, conflicts: false) is { } error)
                {
                    draft.Delete(job, withDependents: false);
                    return error;
                }
            }

            foreach (var conflicting in Others(unit, dependencies.Conflicts))
            {
                Pull(draft, DraftJobType.Stop, conflicting, job, matters: true, conflicts: true);
            }

            // The other direction of a conflict: that unit declared it, so its stop is not something we need.
            foreach (var conflicting in _graph.ConflictedBy(unit))
            {
                Pull(draft, DraftJobType.Stop, conflicting, job, matters: false, conflicts: false);
            }
        }

        if (type is DraftJobType.Stop or DraftJobType.Restart)
        {
            foreach (var dependent in _graph.StopPropagatesTo(unit))
            {
                if (type == DraftJobType.Stop)
                {
                    Pull(draft, DraftJobType.Stop, dependent, job, matters: true, conflicts: false);
                }
                else if (_graph.Find(dependent)!.IsActiveOrReloading
                    && Pull(draft, DraftJobType.Restart, dependent, job, matters: true, conflicts: false) is { } error)
                {
                    // A restart only restarts dependents that run (systemd's try-restart); one that cannot be
                    // restarted (its file is broken now) fails the whole restart.
                    draft.Delete(job, withDependents: false);
                    return error;
                }
            }
        }

        return null;
    }

    private static string? LoadProblem(string unit, UnitSnapshot? snapshot) => snapshot switch
    {
        null or { LoadState: UnitLoadState.NotFound } => $"Unit {unit} not found.",
        { LoadState: UnitLoadState.Error } => $"Unit {unit} failed to load properly: {snapshot.LoadError ?? "bad unit file"}.",
        _ => null,
    };

    private static IEnumerable<string> Others(string unit, IEnumerable<string> names) =>
        names.Where(name => !string.Equals(name, unit, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Drops the jobs that would change nothing (start an active unit, stop an inactive one) unless asked
    /// for, then whatever only they pulled in: an active dependency's own requirements are left alone.
    /// </summary>
    private void DropRedundant(TransactionDraft draft)
    {
        foreach (var unit in draft.Units.ToList())
        {
            var jobs = draft.JobsOf(unit);
            var state = _graph.Find(unit)!;
            if (jobs.All(job => !job.IsAnchor && IsRedundant(job.Type, state)))
            {
                foreach (var job in jobs.ToList())
                {
                    draft.Delete(job, withDependents: false);
                }
            }
        }

        draft.CollectGarbage();
        draft.MarkMattersToAnchor();
    }

    private static bool IsRedundant(DraftJobType type, UnitSnapshot unit) => type switch
    {
        DraftJobType.Start or DraftJobType.VerifyActive => unit.IsActiveOrReloading,
        DraftJobType.Stop => unit.IsInactiveOrFailed,
        _ => unit.ActiveState == UnitActiveState.Activating,
    };

    /// <summary>
    /// Leaves at most one job per unit: start, verify-active and restart merge into the strongest; a stop
    /// next to any of them is a conflict, solved by dropping the job the request does not need (a stop
    /// rather than a start, unless the stop comes from a Conflicts=), or refused when both are needed.
    /// </summary>
    private static string? MergeJobsOfEachUnit(TransactionDraft draft)
    {
        while (true)
        {
            var conflictSolved = false;
            foreach (var unit in draft.Units.ToList())
            {
                var others = draft.JobsOf(unit).Where(job => job.Type != DraftJobType.Stop).OrderByDescending(Strength).ToList();
                foreach (var weaker in others.Skip(1))
                {
                    draft.Merge(weaker, others[0]);
                }

                var stop = draft.JobsOf(unit).FirstOrDefault(job => job.Type == DraftJobType.Stop);
                if (stop is null || others.Count == 0)
                {
                    continue;
                }

                var other = others[0];
                DraftJob dropped;
                if (!stop.MattersToAnchor && !other.MattersToAnchor)
                {
                    dropped = stop.IsConflictedBy ? other : stop;
                }
                else if (!stop.MattersToAnchor)
                {
                    dropped = stop;
                }
                else if (!other.MattersToAnchor)
                {
                    dropped = other;
                }
                else
                {
                    return $"Transaction contains conflicting jobs '{other.TypeText}' and 'stop' for {unit}. Probably contradicting requirement dependencies configured.";
                }

                draft.Notes.Add($"Fixing conflicting jobs {other},{stop} by deleting job {dropped}");
                draft.Delete(dropped, withDependents: true);
                draft.CollectGarbage();
                draft.MarkMattersToAnchor();
                conflictSolved = true;
                break;
            }

            if (!conflictSolved)
            {
                return null;
            }
        }
    }

    private static int Strength(DraftJob job) => job.Type switch
    {
        DraftJobType.Restart => 2,
        DraftJobType.Start => 1,
        _ => 0,
    };
}
