namespace Flotilla.Runner.Dependencies;

/// <summary>
/// The last step of planning: expands restarts into a stop and a start, orders the jobs by After=/Before=
/// with systemd's rule (stops first; stops in reverse order; starts in order), breaks ordering cycles by
/// dropping a unit the request does not need, and derives which failures cancel which jobs.
/// </summary>
internal static class TransactionOrdering
{
    public static bool Finish(UnitGraph graph, TransactionDraft draft, out Transaction? transaction, out string? error)
    {
        while (true)
        {
            draft.MarkMattersToAnchor();
            var expansion = Expand(draft);
            var orderings = Orderings(graph, expansion.Keys);
            var cycle = FindCycle(expansion.Keys, orderings);
            if (cycle is null)
            {
                transaction = Build(graph, draft, expansion, orderings);
                error = null;
                return true;
            }

            var droppable = cycle.FirstOrDefault(job => draft.JobsOf(job.Unit).All(draftJob => !draftJob.MattersToAnchor));
            var path = string.Join(" -> ", cycle.Append(cycle[0]));
            if (droppable is null)
            {
                transaction = null;
                error = $"Transaction order is cyclic: {path} (each runs before the next), and every job in it is needed.";
                return false;
            }

            draft.Notes.Add($"Job {droppable} deleted to break ordering cycle {path}");
            foreach (var job in draft.JobsOf(droppable.Unit).ToList())
            {
                draft.Delete(job, withDependents: true);
            }

            draft.CollectGarbage();
        }
    }

    /// <summary>The final jobs, each with the draft job it came from; a restart becomes its stop and its start.</summary>
    private static Dictionary<UnitJob, DraftJob> Expand(TransactionDraft draft)
    {
        var expansion = new Dictionary<UnitJob, DraftJob>();
        foreach (var job in draft.Jobs)
        {
            switch (job.Type)
            {
                case DraftJobType.Restart:
                    expansion[new UnitJob(job.Unit, JobType.Stop)] = job;
                    expansion[new UnitJob(job.Unit, JobType.Start)] = job;
                    break;
                case DraftJobType.Stop:
                    expansion[new UnitJob(job.Unit, JobType.Stop)] = job;
                    break;
                case DraftJobType.Start:
                    expansion[new UnitJob(job.Unit, JobType.Start)] = job;
                    break;
                default:
                    expansion[new UnitJob(job.Unit, JobType.VerifyActive)] = job;
                    break;
            }
        }

        return expansion;
    }

    /// <summary>
    /// For units A before B (A's Before= or B's After=): when B's job is a stop it goes first, otherwise
    /// A's job goes first. So stops run before starts, stops in reverse order and starts in order. A
    /// restart's stop comes before its start.
    /// </summary>
    private static HashSet<JobOrdering> Orderings(UnitGraph graph, IEnumerable<UnitJob> jobs)
    {
        var byUnit = jobs.GroupBy(job => job.Unit, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var orderings = new HashSet<JobOrdering>();
        foreach (var (unit, unitJobs) in byUnit)
        {
            if (unitJobs.Count == 2)
            {
                orderings.Add(new JobOrdering(
                    unitJobs.Single(job => job.Type == JobType.Stop),
                    unitJobs.Single(job => job.Type == JobType.Start)));
            }

            foreach (var later in graph.OrderedAfter(unit))
            {
                if (!byUnit.TryGetValue(later, out var laterJobs))
                {
                    continue;
                }

                foreach (var earlierJob in unitJobs)
                {
                    foreach (var laterJob in laterJobs)
                    {
                        orderings.Add(laterJob.Type == JobType.Stop
                            ? new JobOrdering(laterJob, earlierJob)
                            : new JobOrdering(earlierJob, laterJob));
                    }
                }
            }
        }

        return orderings;
    }

    /// <summary>A cycle of jobs, each running before the next, or null. Deterministic: jobs are visited in name order.</summary>
    private static List<UnitJob>? FindCycle(IEnumerable<UnitJob> jobs, HashSet<JobOrdering> orderings)
    {
        var successors = orderings.ToLookup(ordering => ordering.First, ordering => ordering.Then);
        var finished = new HashSet<UnitJob>();
        var path = new List<UnitJob>();
        var onPath = new HashSet<UnitJob>();

        List<UnitJob>? Visit(UnitJob job)
        {
            if (onPath.Contains(job))
            {
                return path.Skip(path.IndexOf(job)).ToList();
            }

            if (!finished.Add(job))
            {
                return null;
            }

            path.Add(job);
            onPath.Add(job);
            foreach (var next in successors[job].Order(JobComparer.Instance))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            onPath.Remove(job);
            return null;
        }

        foreach (var job in jobs.Order(JobComparer.Instance))
        {
            if (Visit(job) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private static Transaction Build(
        UnitGraph graph,
        TransactionDraft draft,
        Dictionary<UnitJob, DraftJob> expansion,
        HashSet<JobOrdering> orderings)
    {
        var jobs = TopologicalOrder(expansion.Keys, orderings);
        var anchors = jobs.Where(job => expansion[job].IsAnchor).ToList();
        var orderedList = orderings.OrderBy(o => o.First, JobComparer.Instance).ThenBy(o => o.Then, JobComparer.Instance).ToList();
        return new Transaction(jobs, anchors, orderedList, Cancellations(graph, jobs, orderings), draft.Notes.ToList());
    }

    /// <summary>
    /// A failed start (or verify-active) cancels the start of each unit that Requires=, BindsTo= or
    /// Requisite= it and is ordered after it; a failed stop cancels the start of each unit that declared
    /// Conflicts= on it and is ordered after it; a restart whose stop fails does not start again. Without
    /// an ordering the dependent's start runs alongside and is not cancelled (systemd.unit(5)).
    /// </summary>
    private static List<JobCancellation> Cancellations(UnitGraph graph, List<UnitJob> jobs, HashSet<JobOrdering> orderings)
    {
        var cancellations = new List<JobCancellation>();
        var present = jobs.ToHashSet();

        void CancelIfOrdered(UnitJob trigger, string dependentUnit)
        {
            foreach (var type in new[] { JobType.Start, JobType.VerifyActive })
            {
                var dependent = new UnitJob(dependentUnit, type);
                if (present.Contains(dependent) && orderings.Contains(new JobOrdering(trigger, dependent)))
                {
                    cancellations.Add(new JobCancellation(trigger, dependent));
                }
            }
        }

        foreach (var job in jobs)
        {
            if (job.Type == JobType.Stop)
            {
                foreach (var declaredConflict in graph.ConflictedBy(job.Unit))
                {
                    CancelIfOrdered(job, declaredConflict);
                }

                var ownStart = new UnitJob(job.Unit, JobType.Start);
                if (present.Contains(ownStart))
                {
                    cancellations.Add(new JobCancellation(job, ownStart));
                }
            }
            else
            {
                foreach (var dependent in graph.StartFailurePropagatesTo(job.Unit))
                {
                    CancelIfOrdered(job, dependent);
                }
            }
        }

        return cancellations;
    }

    /// <summary>Kahn's algorithm, always taking the smallest ready job, so the order is stable.</summary>
    private static List<UnitJob> TopologicalOrder(IEnumerable<UnitJob> jobs, HashSet<JobOrdering> orderings)
    {
        var waiting = jobs.ToDictionary(job => job, _ => 0);
        foreach (var ordering in orderings)
        {
            waiting[ordering.Then]++;
        }

        var successors = orderings.ToLookup(ordering => ordering.First, ordering => ordering.Then);
        var ready = new SortedSet<UnitJob>(waiting.Where(pair => pair.Value == 0).Select(pair => pair.Key), JobComparer.Instance);
        var order = new List<UnitJob>(waiting.Count);
        while (ready.Min is { } next)
        {
            ready.Remove(next);
            order.Add(next);
            foreach (var successor in successors[next])
            {
                if (--waiting[successor] == 0)
                {
                    ready.Add(successor);
                }
            }
        }

        return order;
    }
}
