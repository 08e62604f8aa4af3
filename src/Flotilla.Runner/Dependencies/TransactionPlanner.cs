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
        if (error is not null || !draft.Jobs.Any(job => job.IsAnchor))
        {
            return TransactionPlan.Refused(request, error ?? draft.LastFailure ?? $"Job for {request.Unit} could not be added.");
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

    /// <summary>
    /// Checked after a job on <paramref name="unit"/> has ended: which of that unit and the units bound to it
    /// run (active, activating or reloading) while a unit they have BindsTo= on is inactive or failed, with no
    /// job pending on either. systemd checks this whenever jobs settle; the event reactions alone miss a bound
    /// unit that came up after (or alongside) the failure of the unit it is bound to, e.g. one ordered after a
    /// third unit while the unit it is bound to failed at once.
    /// </summary>
    public IReadOnlyList<BoundUnitStop> BoundToInactive(string unit, IReadOnlySet<string> unitsWithJobs)
    {
        ArgumentNullException.ThrowIfNull(unitsWithJobs);
        var stops = new List<BoundUnitStop>();
        foreach (var candidate in _graph.BoundBy(unit).Prepend(unit).Distinct(StringComparer.Ordinal))
        {
            if (_graph.Find(candidate) is not { } snapshot
                || snapshot.IsInactiveOrFailed
                || snapshot.ActiveState == UnitActiveState.Deactivating
                || unitsWithJobs.Contains(candidate))
            {
                continue;
            }

            var down = Others(candidate, snapshot.Dependencies.BindsTo).FirstOrDefault(target =>
                _graph.Find(target) is { IsInactiveOrFailed: true } && !unitsWithJobs.Contains(target));
            if (down is not null)
            {
                stops.Add(new BoundUnitStop(candidate, down));
            }
        }

        return stops;
    }

    /// <summary>Plans every reaction to an event, in the order of <see cref="ReactionsTo"/>.</summary>
    public IReadOnlyList<TransactionPlan> PlanReactions(UnitEvent unitEvent) => ReactionsTo(unitEvent).Select(Plan).ToList();

    /// <summary>
    /// Adds a job and, when it is new, the jobs its unit's dependencies pull in. Returns why the job cannot
    /// be had (its unit, or a unit it needs, is not loaded), having taken the job out again together with
    /// every job that needs it: with dependency cycles a job may already have been linked to this one
    /// while it was still being built, and it cannot run without it either.
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

        var error = PullDependencies(draft, job, snapshot!);
        if (error is not null)
        {
            draft.LastFailure = error;
            draft.Delete(job, withDependents: true);
        }

        return error;
    }

    private string? PullDependencies(TransactionDraft draft, DraftJob job, UnitSnapshot snapshot)
    {
        var unit = job.Unit;
        var dependencies = snapshot.Dependencies;
        var pulls = new List<(DraftJobType Type, string Unit, bool Matters, bool Conflicts)>();
        if (job.Type is DraftJobType.Start or DraftJobType.Restart)
        {
            pulls.AddRange(Others(unit, dependencies.Requires.Concat(dependencies.BindsTo)).Select(name => (DraftJobType.Start, name, true, false)));
            pulls.AddRange(Others(unit, dependencies.Wants).Select(name => (DraftJobType.Start, name, false, false)));
            pulls.AddRange(Others(unit, dependencies.Requisite).Select(name => (DraftJobType.VerifyActive, name, true, false)));
            pulls.AddRange(Others(unit, dependencies.Conflicts).Select(name => (DraftJobType.Stop, name, true, true)));

            // The other direction of a conflict: that unit declared it, so its stop is not something we need.
            pulls.AddRange(_graph.ConflictedBy(unit).Select(name => (DraftJobType.Stop, name, false, false)));
        }

        if (job.Type is DraftJobType.Stop)
        {
            pulls.AddRange(_graph.StopPropagatesTo(unit).Select(name => (DraftJobType.Stop, name, true, false)));
        }
        else if (job.Type is DraftJobType.Restart)
        {
            // A restart restarts only the dependents that run (systemd's try-restart).
            pulls.AddRange(_graph.StopPropagatesTo(unit)
                .Where(name => _graph.Find(name)!.IsActiveOrReloading)
                .Select(name => (DraftJobType.Restart, name, true, false)));
        }

        foreach (var pull in pulls)
        {
            var error = Pull(draft, pull.Type, pull.Unit, job, pull.Matters, pull.Conflicts);
            if (!draft.Contains(job))
            {
                // Something this job needs failed further down and took this job out with it.
                return error ?? draft.LastFailure;
            }

            if (error is null)
            {
                continue;
            }

            if (!pull.Matters)
            {
                draft.Notes.Add($"Cannot add dependency job for {unit}, ignoring: {error}");
                continue;
            }

            return error;
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
            foreach (var unit in draft.Units.ToList())
            {
                var mergeable = draft.JobsOf(unit).Where(job => job.Type != DraftJobType.Stop).OrderByDescending(Strength).ToList();
                foreach (var weaker in mergeable.Skip(1))
                {
                    draft.Merge(weaker, mergeable[0]);
                }
            }

            // A merged job needs what either half needed: mark again before deciding which job may go.
            draft.MarkMattersToAnchor();
            var conflict = draft.Units
                .Select(unit => draft.JobsOf(unit))
                .FirstOrDefault(jobs => jobs.Count > 1);
            if (conflict is null)
            {
                return null;
            }

            var stop = conflict.Single(job => job.Type == DraftJobType.Stop);
            var other = conflict.Single(job => job.Type != DraftJobType.Stop);
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
                return $"Transaction contains conflicting jobs '{other.TypeText}' and 'stop' for {other.Unit}. Probably contradicting requirement dependencies configured.";
            }

            draft.Notes.Add($"Fixing conflicting jobs {other},{stop} by deleting job {dropped}");
            draft.Delete(dropped, withDependents: true);
            draft.CollectGarbage();
        }
    }

    private static int Strength(DraftJob job) => job.Type switch
    {
        DraftJobType.Restart => 2,
        DraftJobType.Start => 1,
        _ => 0,
    };
}
