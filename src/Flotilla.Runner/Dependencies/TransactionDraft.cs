namespace Flotilla.Runner.Dependencies;

/// <summary>
/// The mutable working set of the planner: jobs per unit and the links between them, with systemd's
/// operations on it (add, delete with or without the jobs that need the deleted one, collect jobs nothing
/// pulls in any more, merge two jobs of one unit).
/// </summary>
internal sealed class TransactionDraft
{
    private readonly SortedDictionary<string, List<DraftJob>> _jobs = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    /// <summary>Why the last job that could not be had was taken out (a unit it needs is not loaded).</summary>
    public string? LastFailure { get; set; }

    public IEnumerable<string> Units => _jobs.Where(pair => pair.Value.Count > 0).Select(pair => pair.Key);

    public IEnumerable<DraftJob> Jobs => _jobs.Values.SelectMany(jobs => jobs);

    public bool Contains(DraftJob job) => _jobs.TryGetValue(job.Unit, out var jobs) && jobs.Contains(job);

    public IReadOnlyList<DraftJob> JobsOf(string unit) => _jobs.TryGetValue(unit, out var jobs) ? jobs : [];

    /// <summary>Adds a job (or finds the one of the same type on the unit) and links it to the job that pulled it in.</summary>
    public DraftJob Add(string unit, DraftJobType type, DraftJob? pulledInBy, bool matters, bool conflicts, out bool isNew)
    {
        if (!_jobs.TryGetValue(unit, out var jobs))
        {
            jobs = [];
            _jobs[unit] = jobs;
        }

        var job = jobs.FirstOrDefault(existing => existing.Type == type);
        isNew = job is null;
        if (job is null)
        {
            job = new DraftJob(unit, type);
            jobs.Add(job);
        }

        if (pulledInBy is null)
        {
            job.IsAnchor = true;
        }
        else if (!ReferenceEquals(pulledInBy, job))
        {
            Link(new DraftLink(pulledInBy, job, matters, conflicts));
        }

        return job;
    }

    /// <summary>
    /// Removes a job. With <paramref name="withDependents"/>, also every job that needed it (pulled it in
    /// over a link that matters), as systemd does: a job cannot run without what it requires.
    /// </summary>
    public void Delete(DraftJob job, bool withDependents)
    {
        if (!_jobs.TryGetValue(job.Unit, out var jobs) || !jobs.Remove(job))
        {
            return;
        }

        foreach (var link in job.PullsIn.ToList())
        {
            Unlink(link);
        }

        foreach (var link in job.PulledInBy.ToList())
        {
            Unlink(link);
            if (withDependents && link.Matters)
            {
                Delete(link.Subject, withDependents: true);
            }
        }
    }

    /// <summary>Deletes, until none is left, the jobs that are not anchors and that nothing pulls in any more.</summary>
    public void CollectGarbage()
    {
        while (Jobs.FirstOrDefault(job => !job.IsAnchor && job.PulledInBy.Count == 0) is { } orphan)
        {
            Delete(orphan, withDependents: false);
        }
    }

    /// <summary>Marks the jobs reachable from an anchor over links that matter.</summary>
    public void MarkMattersToAnchor()
    {
        foreach (var job in Jobs)
        {
            job.MattersToAnchor = false;
        }

        var pending = new Stack<DraftJob>(Jobs.Where(job => job.IsAnchor));
        while (pending.TryPop(out var job))
        {
            if (job.MattersToAnchor)
            {
                continue;
            }

            job.MattersToAnchor = true;
            foreach (var link in job.PullsIn.Where(link => link.Matters))
            {
                pending.Push(link.Object);
            }
        }
    }

    /// <summary>Folds <paramref name="from"/> into <paramref name="into"/> (two jobs of one unit that can be one), keeping every link.</summary>
    public void Merge(DraftJob from, DraftJob into)
    {
        _jobs[from.Unit].Remove(from);
        into.IsAnchor |= from.IsAnchor;
        into.MattersToAnchor |= from.MattersToAnchor;
        foreach (var link in from.PulledInBy.ToList())
        {
            Unlink(link);
            if (!ReferenceEquals(link.Subject, into))
            {
                Link(link with { Object = into });
            }
        }

        foreach (var link in from.PullsIn.ToList())
        {
            Unlink(link);
            if (!ReferenceEquals(link.Object, into))
            {
                Link(link with { Subject = into });
            }
        }
    }

    private static void Link(DraftLink link)
    {
        link.Subject.PullsIn.Add(link);
        link.Object.PulledInBy.Add(link);
    }

    private static void Unlink(DraftLink link)
    {
        link.Subject.PullsIn.Remove(link);
        link.Object.PulledInBy.Remove(link);
    }
}
